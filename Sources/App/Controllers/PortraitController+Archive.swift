import Fluent
import Imaging
import PersonaKit
import Vapor

extension PortraitController {
    /// `GET /api/personas/:id/portraits.zip`: the portraits shown now (while one is made again, or
    /// after its latest attempt failed, its newest picture, as the page shows it), at the size they
    /// were stored, each marked with how it was made (XMP, as a single download is) and named by
    /// scenario. Read whole before the first byte is sent, so a missing picture is an error
    /// response rather than a cut-off archive; five portraits are a few megabytes.
    static func archive(_ req: Request) async throws -> Response {
        let persona = try await PersonaController.owned(req)
        let personaID = try persona.requireID()
        let jobs = try await GenerationJob.query(on: req.db).filter(\.$persona.$id == personaID).all()
        let shown = PersonaRules.latestJobs(jobs.filter { $0.portraitImageID != nil })
            .compactMap { job in job.portraitImageID.map { (job.scenarioIndex, $0) } }
        let images = try await PersonaImage.query(on: req.db).filter(\.$persona.$id == personaID)
            .filter(\.$id ~~ shown.map(\.1)).all()
        let byID = Dictionary(uniqueKeysWithValues: images.compactMap { image in image.id.map { ($0, image) } })
        guard !images.isEmpty else {
            throw ServiceError(.conflict, "no_portraits", "This persona has no finished portrait to download yet.")
        }
        let provenance = PortraitProvenance(fallbackProvider: req.inflio.config.provider)
        var zip = ZipStreamWriter()
        var bytes: [UInt8] = []
        let now = Date()
        for (index, imageID) in shown {
            guard let image = byID[imageID] else { continue }
            var picture = try await req.inflio.blobs.get(image.metadata.storageKey)
            // The jobs are loaded already: no query per picture for what made it.
            let job = jobs.first { $0.id == image.metadata.jobID }
            if let source = provenance.source(of: image, madeBy: job) {
                picture = try ProvenanceMark.marked(picture, as: source)
            }
            let name = PortraitScenario.all[index].id.replacingOccurrences(of: "_", with: "-")
            let ext = image.metadata.contentType == "image/png" ? "png" : "jpg"
            bytes += try zip.entry(path: "\(index + 1)-\(name).\(ext)", bytes: picture, modified: now)
        }
        bytes += try zip.finish()
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: AttachmentName.header(persona.name, fallback: "persona", suffix: "-portraits.zip"))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
