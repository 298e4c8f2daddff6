import Fluent

/// Every migration, in the order it must run. Append; never reorder or rename.
enum Migrations {
    static let all: [any Migration] = [
        CreateUsers(),  // local accounts
        CreateUserTokens(),  // API tokens and sessions
        CreateUserProfiles(),  // the seed's user_profiles
        CreatePersonas(),  // the seed's personas
        CreatePersonaImages(),  // the seed's persona_images
        CreateGenerationJobs(),  // durable portrait jobs
        CreateLedgerEntries(),  // the cost ledger
        CreatePersonaEvents(),  // resumable progress events
        AddSubmissionSafety(),  // lost submissions claimed after a crash, one ledger line each
        CreateOnboarding(),  // the guided onboarding's progress and its funnel
        CreateBrands(),  // the brand record (BRAND.md)
        NormaliseUserEmails(),  // emails in NFKC, as signup and login now write and read them
        CreateExternalIdentities(),  // JWT users: one row per (issuer, sub), their own id space
        CreatePhotoAnalyses(),  // draft personas: each photo's analysis, until the draft is built
        CreateAuditEvents(),  // the security audit log
        CreatePendingSignUps(),  // sign-ups waiting for the mailed link (when mail is configured)
        AddAccountRights(),  // named tokens with their last use, password resets by mail
        AdoptSeedStatuses(),  // personas.status in the seed's words (CHECK), our progress in `stage`
        AddJobLeases(),  // jobs claimed into fenced leases; webhook deliveries remembered across processes
        CreateDesigns(),  // the content studio: designs and their versions
        AddDesignModelColumns(),  // designs made on FAL: the stored queue request, model, fallback
        AddDesignSubmitMarker(),  // a design's lost submission claimed by its webhook, as portraits'
        AddDesignSharedRequest(),  // four variations on FAL: one request for four pictures
    ]
}
