/// The words `PortraitRefinement` reads, and the answers for what only a generative model can do.
extension PortraitRefinement {
    /// Words that carry no request of their own here. Not the design studio's list: words such as
    /// left, top, new or remove are requests there, and unread here they must be reported.
    static let filler: Set<String> = [
        "a", "an", "the", "more", "much", "bit", "little", "lot", "make", "it", "its", "me", "my", "i", "please",
        "and", "or", "with", "to", "of", "in", "on", "at", "for", "so", "very", "some", "too", "be", "is", "are",
        "look", "looks", "looking", "can", "you", "use", "using", "change", "put", "this", "that", "should", "could",
        "would", "maybe", "just", "now", "again", "instead", "also", "than", "into", "from", "by", "want", "like",
        "we", "us", "our", "your", "but", "let", "lets", "keep", "slightly", "somewhat", "way", "try", "give", "get",
        "go", "have", "do", "time", "light", "lighting", "lit", "lights", "colour", "color", "colours", "colors",
        "face", "photo", "photos", "picture", "pictures", "image", "portrait", "shot", "one", "overall", "feel",
        "tone", "mood", "all", "everything",
    ]
    /// Words that reverse the request after them (StudioInstruction's, and what "don't" and "never" become).
    static let negations: Set<String> = StudioInstruction.negations.union(["nothing", "none"])
    static let backdropNouns: Set<String> = ["background", "backdrop", "wall", "setting", "scene", "backgrounds"]
    static let lightNouns: Set<String> = ["light", "lit", "lighting", "key", "lamp", "sun", "window", "lights"]
    static let photoNouns: Set<String> = [
        "photo", "photos", "picture", "pictures", "shot", "source", "image", "selfie",
    ]
    static let otherWords: Set<String> = ["another", "different", "other", "next", "new"]
    static let backdropKinds: [String: Backdrop] = [
        "studio": .studio, "plain": .studio, "solid": .studio, "seamless": .studio, "neutral": .studio, "dark": .dark,
        "outdoor": .outdoors, "outdoors": .outdoors, "outside": .outdoors, "nature": .outdoors, "park": .outdoors,
        "garden": .outdoors, "office": .workspace, "workspace": .workspace, "desk": .workspace, "indoor": .workspace,
        "indoors": .workspace, "room": .workspace, "gradient": .gradient, "colourful": .gradient, "colorful": .gradient,
        "city": .city, "urban": .city, "street": .city, "downtown": .city, "skyline": .city, "night": .city,
    ]
    /// The backdrop kinds that are places: named, they are the background without the word.
    static let cityWords: Set<String> = ["city", "urban", "street", "downtown", "skyline"]

    /// Things only a generative model can change, each with its answer.
    static let beyondTheStudio: [(words: Set<String>, answer: String)] = [
        (
            [
                "blazer", "suit", "jacket", "shirt", "tshirt", "tie", "dress", "hoodie", "sweater", "jumper", "coat",
                "clothes", "clothing", "outfit", "wear", "wearing", "shoes", "hat", "cap", "glasses", "sunglasses",
                "scarf", "necklace", "earrings", "jewellery", "jewelry", "uniform", "collar",
            ],
            "Clothing and accessories need a generative image model, and this server isn't connected to one. Offline, your own photo is relit and reframed."
        ),
        (
            [
                "smile", "smiling", "laugh", "laughing", "serious", "expression", "younger", "older", "hair",
                "haircut", "hairstyle", "beard", "moustache", "mustache", "makeup", "skin", "teeth", "eyes", "slimmer",
                "thinner", "tattoo", "happier", "excited", "surprised",
            ],
            "Your face, hair and expression are never repainted offline: that needs a generative image model, and this server isn't connected to one. Ask for \"another photo\" to use a different one of yours."
        ),
        (
            [
                "pose", "standing", "sitting", "arms", "hands", "holding", "microphone", "laptop", "coffee", "camera",
                "beach", "mountains", "stage", "forest", "kitchen", "gym",
            ],
            "Poses, props and places need a generative image model, and this server isn't connected to one. Offline, the background is a colour, studio grey, dark, a city at night, an office, or your photo's own surroundings blurred."
        ),
    ]
}
