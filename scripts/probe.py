#!/usr/bin/env python3
"""The security probe: replays every finding of issue 13's black-box review against a live server,
so none quietly reopens. Standard library only (and the `openssl` command for RS256 tokens).

Run it through scripts/probe.sh, which starts the servers it expects (rate limits and quotas on,
small quotas, a slow local renderer, an identity provider's key set on --jwks-port, a second
server with an https public URL and a short idle timeout):

    bash scripts/probe.sh .build/debug/inflio --quick     # part of `make test`, no timing judged
    bash scripts/probe.sh .build/release/inflio --full    # `make probe`: timing judged too

Each check prints `ok   <n>. <title>`, `FAIL <n>. <title>: <what was seen>` or `skip …: <why>`,
with what it measured indented below; the exit status is 1 if any check failed.
"""

import argparse
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in the tree

from probe import checks_auth, checks_limits, checks_requests  # noqa: E402  (after the line above)
from probe.client import Client  # noqa: E402
from probe.context import Context  # noqa: E402
from probe.media import good_photos  # noqa: E402
from probe.report import Report  # noqa: E402
from probe.tokens import Issuer, serve_key_set  # noqa: E402

# (number, title, check): issue 13's numbering. Ordered so that the checks that need the shared
# persona come after those that do not (it is made in the background meanwhile), and the message
# check (13) and the audit log come last: they read what all the others provoked.
CHECKS = [
    ("1", "sign-in throttled per account, sequential, parallel and across addresses",
     checks_auth.sign_in_throttling),
    ("2a", "an unknown email takes as long to refuse as a wrong password", checks_auth.sign_in_timing),
    ("2b", "taken-address sign-ups bounded per address (no mail to confirm addresses yet)",
     checks_auth.check_signup_enumeration),
    ("3", "sign-in and sign-up take JSON only, from this origin", checks_auth.sign_in_takes_json_only),
    ("8", "logout with a bearer token revokes it", checks_auth.bearer_logout_revokes),
    ("9", "passwords over 72 bytes are refused at sign-up", checks_auth.long_passwords_refused),
    ("9b", "passwords sharing their first 72 bytes are not interchangeable",
     checks_auth.long_passwords_not_interchangeable),
    ("11", "security headers on the page, the API and errors; the cookie HttpOnly, SameSite",
     checks_requests.security_headers),
    ("11b", "HSTS and a Secure cookie behind an https public URL", checks_requests.https_headers),
    ("12a", "a declared Content-Length over the route's limit is refused unread",
     checks_requests.declared_length_refused),
    ("12b", "a silent client is cut by the idle timeout", checks_requests.silent_client_cut),
    ("10", "emails normalised and validated; NUL refused in emails and persona names",
     checks_auth.identifiers_normalised),
    ("15", "a JWT whose sub is a local user's id does not sign in as that user",
     checks_auth.external_sub_is_not_a_local_id),
    ("6", "3,000 multipart text fields are refused early (413 too_many_fields)",
     checks_requests.many_fields_refused_early),
    ("4", "cookie forms from another origin are refused; bearer and same-origin JSON work",
     checks_requests.cross_site_forms_refused),
    ("14", "a regeneration with a non-text instruction is refused, not dropped",
     checks_requests.mistyped_instruction_refused),
    ("7", "a bad photo among five good ones is a 422 with a code, nothing stored",
     checks_requests.bad_photo_among_good_ones),
    ("17", "a multipart body with a high byte in a header name is refused; the service stays up",
     checks_requests.malformed_multipart_survived),
    ("5c", "the service stays responsive while two large PNGs upload", checks_limits.responsive_under_big_uploads),
    ("5a", "parallel creations by one user are capped, the rest 429 with Retry-After",
     checks_limits.parallel_creations_capped),
    ("5b", "regenerations are capped too", checks_limits.regenerations_capped),
    ("13", "error answers are the envelope, in our words, without internals", checks_requests.messages_in_our_words),
    ("16", "the audit log records failed and throttled sign-ins, cross-site refusals, quota hits",
     checks_limits.audit_log_records),
]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the server under test")
    parser.add_argument("--second-url", help="a second server: https INFLIO_PUBLIC_URL, short idle timeout")
    parser.add_argument("--idle-timeout", type=float, default=3, help="the second server's INFLIO_IDLE_TIMEOUT_SECONDS")
    parser.add_argument("--binary", required=True, help="the inflio binary (for `inflio audit`)")
    parser.add_argument("--photos", default=str(Path(__file__).resolve().parents[2] / "shared/testdata/faces"))
    parser.add_argument("--jwks-port", type=int, required=True, help="where the server expects the key set")
    parser.add_argument("--issuer", required=True, help="the server's INFLIO_JWT_ISSUER")
    parser.add_argument("--daily-personas", type=int, default=3, help="INFLIO_QUOTA_PERSONAS_PER_DAY")
    parser.add_argument("--concurrent-portraits", type=int, default=8, help="INFLIO_QUOTA_CONCURRENT_PORTRAITS")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="no timing judged, smaller bursts (the default)")
    mode.add_argument("--full", action="store_true", help="timing judged, the original bursts")
    parser.add_argument("--only", help="comma-separated check numbers (others are not run)")
    parser.add_argument("--verbose", action="store_true", help="tracebacks, and each check's duration")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    photos = Path(args.photos)
    if not (photos / "obama-1.jpg").is_file():
        print(f"probe: no test photos at {photos} (see ../shared/testdata/faces/README.md)", file=sys.stderr)
        return 1
    work = tempfile.TemporaryDirectory(prefix="inflio-probe-")
    issuer = Issuer(Path(work.name), args.issuer)
    key_set_server = serve_key_set(args.jwks_port, issuer.jwks())
    probe = Context(
        client=Client(args.base_url), full=args.full, photos=good_photos(photos), photo_folder=photos,
        issuer=issuer, binary=args.binary, second=Client(args.second_url) if args.second_url else None,
        idle_timeout=args.idle_timeout, daily_personas=args.daily_personas,
        concurrent_portraits=args.concurrent_portraits)
    print(f"probe: {'full' if args.full else 'quick'} run against {args.base_url}", flush=True)
    wanted = set(args.only.split(",")) if args.only else None
    report = Report(verbose=args.verbose)
    with ThreadPoolExecutor(1) as background:
        probe.start_owner(background)
        for number, title, check in CHECKS:
            if wanted is None or number in wanted:
                report.run(number, title, check, probe)
    key_set_server.shutdown()
    work.cleanup()
    return report.summary()


if __name__ == "__main__":
    sys.exit(main())
