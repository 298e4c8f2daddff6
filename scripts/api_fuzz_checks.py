"""schemathesis's extra check for scripts/api-fuzz.sh: no answer tells a client about our insides."""

import re

import schemathesis

# What only a leak would put in a message: Swift and Vapor internals, SQL, file paths, stack traces.
INTERNAL = re.compile(
    r"Optional\(|Swift\.|Fluent|FluentKit|SQLite|sqlite3|Postgres|PSQLError|SQLKit|NIO[A-Z]|"
    r"DecodingError|keyNotFound|typeMismatch|valueNotFound|dataCorrupted|CodingKeys|"
    r"/Sources/|\.swift:\d|Error Domain=|Fatal error|stack trace|SELECT |INSERT INTO|UPDATE \w+ SET",
)


@schemathesis.check
def no_internal_text(ctx, response, case):
    """An error's message is written for people: never a type name, a query or a file path."""
    content_type = response.headers.get("content-type") or response.headers.get("Content-Type") or ""
    if isinstance(content_type, list):
        content_type = content_type[0] if content_type else ""
    if content_type.startswith("application/json"):
        text = response.content.decode("utf-8", errors="replace")
        found = INTERNAL.search(text)
        if found:
            raise AssertionError(f"internal text in the answer: {found.group(0)!r} in {text[:300]!r}")


@schemathesis.serializer("image/heic", "image/heif", "image/webp", "image/jpeg", "image/png")
def image_bytes(ctx, value):
    """Photo uploads are raw bytes of the declared type; the fuzzer's are random ones."""
    return {"data": value if isinstance(value, bytes) else str(value).encode("utf-8")}
