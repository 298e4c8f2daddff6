import Vapor

/// A multipart/form-data body, written out by hand as a browser would send it.
struct MultipartForm {
    let boundary = "----inflio-test-\(UUID().uuidString)"
    private var data: [UInt8] = []

    var contentType: HTTPMediaType {
        HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
    }

    mutating func field(_ name: String, _ value: String) {
        data += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    mutating func file(_ name: String, _ fileName: String, _ bytes: [UInt8], type: String = "image/jpeg") {
        data += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(type)\r\n\r\n"
                .utf8)
        data += bytes
        data += Array("\r\n".utf8)
    }

    func body() -> ByteBuffer {
        ByteBuffer(bytes: data + Array("--\(boundary)--\r\n".utf8))
    }
}
