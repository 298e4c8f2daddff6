import Foundation

/// Reads a brand-guidelines PDF into a brand record to review. The PDF is untrusted: it is sniffed
/// and size-checked here, and only ever parsed by poppler's programs in limited processes
/// (`PDFTool`), in a folder of its own that is deleted afterwards, whatever happens.
public struct BrandPDFExtractor: Sendable {
    var limits: PDFTool.Limits
    /// Where each extraction makes (and always removes) its folder.
    var scratch: URL

    public init() { self.init(limits: .init()) }

    init(limits: PDFTool.Limits, scratch: URL = FileManager.default.temporaryDirectory) {
        self.limits = limits
        self.scratch = scratch
    }

    /// Whether this machine has the programs extraction runs (poppler-utils, `timeout`, `prlimit`).
    static let isAvailable = (PDFTool.programs + ["timeout", "prlimit"]).allSatisfy { PDFTool.path(of: $0) != nil }

    /// What a PDF starts with; a few producers put bytes before it, which readers allow within 1 KB.
    static func looksLikePDF(_ leading: Data) -> Bool {
        leading.prefix(1024).range(of: Data("%PDF-".utf8)) != nil
    }

    public func extract(path: String) async throws -> BrandExtraction {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw BrandPDFError.unreadable("the file could not be opened") }
        guard size <= BrandPDFError.maxBytes else { throw BrandPDFError.tooLarge(bytes: size) }
        let handle = try FileHandle(forReadingFrom: url)
        let leading = try handle.read(upToCount: 1024) ?? Data()
        try? handle.close()
        guard Self.looksLikePDF(leading) else { throw BrandPDFError.notAPDF }

        let directory = scratch.appendingPathComponent(
            "inflio-brand-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: url, to: directory.appendingPathComponent("in.pdf"))
        return try await extract(in: PDFTool(directory: directory, limits: limits))
    }

    private func extract(in tool: PDFTool) async throws -> BrandExtraction {
        let info = try await self.info(tool)
        async let html = tool.run("pdftohtml", ["-xml", "-i", "-q", "-nodrm", "-stdout", "in.pdf"])
        async let svg = tool.run("pdftocairo", ["-svg", "in.pdf", "pages.svg"])
        async let images = tool.run(
            "pdfimages", ["-list", "-f", "1", "-l", String(PDFLogo.pages), "in.pdf"])
        let (text, vectors, listing) = try await (html, svg, images)
        // The text layer is needed; the drawn shapes and the picture list only add to it. A program
        // stopped by the time or memory limit means the PDF is built to be expensive, whichever it is.
        for (program, output) in [("pdftohtml", text), ("pdftocairo", vectors), ("pdfimages", listing)] {
            if output.hitLimit { throw BrandPDFError.pastLimits("\(program) hit its time or memory limit") }
        }
        if text.hitOutputLimit { throw BrandPDFError.pastLimits("pdftohtml wrote more text than allowed") }
        if text.status != 0 { throw BrandPDFError.unreadable("pdftohtml: \(text.stderr.prefix(200))") }
        var warnings: [String] = []
        let readFills = vectors.status == 0 && !vectors.hitOutputLimit
        if !readFills {
            warnings.append(
                "The pages' drawn shapes could not be read (too large or damaged): colours come from the text and the pages' pixels."
            )
        }
        let xml = text.stdout
        let svgURL = tool.directory.appendingPathComponent("pages.svg")
        // Our own parsing, bounded by the caps in each parser, off the request threads.
        let parsed = try await Self.offThePool {
            let layer = PDFTextLayer(xml: String(decoding: xml, as: UTF8.self))
            let fills =
                readFills
                ? PDFVectorFills(svg: (try? String(contentsOf: svgURL, encoding: .utf8)) ?? "") : .init(fills: [])
            let (mentions, pantones) = PDFColourCodes.mentions(in: layer)
            let groups = [
                PDFPalette.fromText(mentions), PDFPalette.fromFills(fills.fills), PDFPalette.fromTextColour(layer),
            ]
            return (layer: layer, groups: groups, pantones: pantones)
        }
        let (layer, pantones) = (parsed.layer, parsed.pantones)
        var groups = parsed.groups
        if layer.truncated {
            warnings.append(
                "This PDF has more text than we read: only its first \(PDFTextLayer.maxRuns) lines were read.")
        }
        if Set(groups[0].map(\.hex) + groups[1].map(\.hex)).count < 2 {
            groups.append(PDFPalette.fromClusters(try await clusters(tool, pages: info.pages)))
        }
        for pantone in Set(pantones).sorted() {
            warnings.append("\(pantone) is named without a HEX or RGB value: add it on the review page.")
        }
        let evidence = groups
        let palette = try await Self.offThePool { PDFPalette.palette(evidence) }
        if palette.isEmpty { warnings.append("No colours were found: pick them on the review page.") }
        if layer.isEmpty {
            warnings.append(
                "This PDF has no text layer (it looks scanned): colours were read from the pages' pixels; fonts, voice and audience could not be read."
            )
        }

        let sections = PDFBrandWords.sections(layer)
        let brand = Brand(
            name: PDFBrandWords.name(layer), palette: palette, fonts: PDFFontRanking.fonts(layer),
            voice: PDFBrandWords.voice(sections), audience: PDFBrandWords.audience(sections),
            guidelines: PDFBrandWords.guidelines(sections))
        let listed = listing.status == 0 ? PDFLogo.listed(String(decoding: listing.stdout, as: UTF8.self)) : []
        let logo = try await self.logo(tool, listed: listed, pageWidth: info.pageWidth)
        return BrandExtraction(
            brand: brand, logo: logo, pages: info.pages, textLayer: !layer.isEmpty, warnings: warnings)
    }

    struct Info {
        var pages: Int
        var pageWidth: Double
    }

    private func info(_ tool: PDFTool) async throws -> Info {
        let output = try await tool.run("pdfinfo", ["in.pdf"])
        if output.hitLimit { throw BrandPDFError.pastLimits("pdfinfo hit its limit") }
        if output.stderr.contains("Incorrect password") { throw BrandPDFError.encrypted }
        guard output.status == 0 else { throw BrandPDFError.unreadable(String(output.stderr.prefix(200))) }
        var fields: [String: String] = [:]
        for line in String(decoding: output.stdout, as: UTF8.self).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let pages = fields["Pages"].flatMap(Int.init), pages > 0 else {
            throw BrandPDFError.unreadable("no pages")
        }
        guard pages <= BrandPDFError.maxPages else { throw BrandPDFError.tooManyPages(pages) }
        let width = fields["Page size"].flatMap { Double($0.split(separator: " ").first ?? "") } ?? 612
        return Info(pages: pages, pageWidth: width)
    }

    /// The pages rendered small (150 pixels on their longest side, whatever their size in points),
    /// for clustering: a page a hundred inches wide costs what a postcard does.
    private func clusters(_ tool: PDFTool, pages: Int) async throws -> [PageColourClusters.Cluster] {
        let output = try await tool.run("pdftoppm", ["-scale-to", "150", "in.pdf", "page"])
        if output.hitLimit { throw BrandPDFError.pastLimits("pdftoppm hit its limit") }
        let directory = tool.directory
        return try await Self.offThePool {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let rendered = files.filter { $0.hasPrefix("page-") && $0.hasSuffix(".ppm") }.sorted().compactMap { file in
                let number = Int(file.dropFirst(5).dropLast(4)) ?? 1
                return (try? Data(contentsOf: directory.appendingPathComponent(file))).flatMap {
                    PageColourClusters.page(ppm: $0, number: number)
                }
            }
            return PageColourClusters.clusters(of: rendered)
        }
    }

    private func logo(_ tool: PDFTool, listed: [PDFLogo.Listed], pageWidth: Double) async throws
        -> BrandExtraction.Logo?
    {
        guard let choice = PDFLogo.choose(listed, pageWidthPoints: pageWidth) else { return nil }
        // Only the chosen picture's page, whose files are numbered from 0 again.
        let page = String(choice.image.page)
        let first = listed.first { $0.page == choice.image.page }?.number ?? 0
        let output = try await tool.run("pdfimages", ["-png", "-f", page, "-l", page, "in.pdf", "image"])
        if output.hitLimit { throw BrandPDFError.pastLimits("pdfimages hit its time or memory limit") }
        func path(_ listed: PDFLogo.Listed) -> String {
            tool.directory.appendingPathComponent(String(format: "image-%03d.png", listed.number - first)).path
        }
        guard FileManager.default.fileExists(atPath: path(choice.image)) else { return nil }
        let maskPath = choice.mask.map(path).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        let imagePath = path(choice.image)
        let pageNumber = choice.image.page
        guard
            let picture = try? await Self.offThePool({
                try PDFLogo.picture(imagePath: imagePath, maskPath: maskPath, page: pageNumber)
            })
        else { return nil }
        return BrandExtraction.Logo(
            width: picture.width, height: picture.height, page: picture.page, transparent: picture.transparent,
            confidence: 0.6, dataURL: "data:image/png;base64," + Data(picture.png).base64EncodedString())
    }

    /// CPU work (parsing, clustering, decoding the logo) on Dispatch's threads rather than Swift's
    /// cooperative ones, which serve every request: two of them on a 2-core machine.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try body() }) }
        }
    }
}
