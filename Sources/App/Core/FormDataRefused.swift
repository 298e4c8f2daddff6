import Vapor

/// What `req.content.decode` does with a multipart/form-data body: refuses it. The routes that take
/// uploads stream them through `MultipartSpool`; every other route reads JSON. Vapor's own
/// form-data decoder would hand the body to MultipartKit 4.7.1's parser, which a byte of 128 or
/// more in a part's header name crashes, taking the process down (found by `make fuzz`).
/// (Vapor's userInfo-aware `decode` forwards to this one by default.)
struct FormDataRefused: ContentDecoder {
    func decode<D: Decodable>(_: D.Type, from _: ByteBuffer, headers _: HTTPHeaders) throws -> D {
        throw ServiceError(.unsupportedMediaType, "expected_json", "Send this request's body as JSON.")
    }
}
