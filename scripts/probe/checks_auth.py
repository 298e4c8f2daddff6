"""Findings about accounts and sign-in: throttling (1), enumeration (2), login CSRF (3), bearer
logout (8), bcrypt's 72 bytes (9), identifiers (10), external identities (15)."""

import statistics
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor

from .client import PASSWORD, multipart

WRONG = "not the password at all"
FAILURES_PER_ACCOUNT = 10  # docs/api.md: 10 failed sign-ins to one account in 15 minutes


def fresh_email(tag="probe") -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def expect_throttled(seen, answer, what: str):
    retry = answer.header("Retry-After") or ""
    seen.expect(answer.status == 429 and answer.code == "too_many_sign_in_attempts"
                and retry.isdigit() and int(retry) >= 1, f"{what}: {answer.status} {answer.code} Retry-After={retry!r}")


# ---------------------------------------------------------------- 1. sign-in throttling

def sign_in_throttling(seen, probe):
    client = probe.client
    sequential_guesses(seen, client)
    parallel_guesses(seen, client)
    guesses_from_many_addresses(seen, client)


def sequential_guesses(seen, client):
    account, address = client.sign_up(consent=False), client.next_address()
    answers = [client.log_in(account.email, f"{WRONG} {n}", address) for n in range(FAILURES_PER_ACCOUNT + 2)]
    statuses = [a.status for a in answers]
    seen.expect(statuses[:FAILURES_PER_ACCOUNT] == [401] * FAILURES_PER_ACCOUNT,
                f"the first ten wrong passwords should be 401, got {statuses}")
    for answer in answers[FAILURES_PER_ACCOUNT:]:
        expect_throttled(seen, answer, "wrong password 11+ (sequential)")
    expect_throttled(seen, client.log_in(account.email, account.password, address), "right password while throttled")


def parallel_guesses(seen, client):
    """Twenty at once: the count is taken before any password is checked, so at most ten are tried."""
    account, address = client.sign_up(consent=False), client.next_address()
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda n: client.log_in(account.email, f"{WRONG} {n}", address), range(20)))
    statuses = sorted(a.status for a in answers)
    seen.expect(statuses.count(401) <= FAILURES_PER_ACCOUNT and statuses.count(429) >= 10
                and set(statuses) <= {401, 429}, f"20 parallel wrong passwords: {statuses}")
    expect_throttled(seen, client.log_in(account.email, account.password, address),
                     "right password after parallel guesses")


def guesses_from_many_addresses(seen, client):
    """Per account, not only per address: ten addresses, one guess each, still lock the account."""
    account = client.sign_up(consent=False)
    statuses = [client.log_in(account.email, f"{WRONG} {n}").status for n in range(FAILURES_PER_ACCOUNT)]
    seen.expect(statuses == [401] * FAILURES_PER_ACCOUNT, f"one guess from each of ten addresses: {statuses}")
    expect_throttled(seen, client.log_in(account.email, account.password),
                     "right password from an eleventh address")


# ---------------------------------------------------------------- 2. enumeration

def sign_in_timing(seen, probe):
    """Wrong passwords for existing accounts against unknown addresses, interleaved, each from its
    own address. Three accounts share the tries, so none reaches the ten-failure lock."""
    client, tries = probe.client, 15 if probe.full else 6
    accounts = [client.sign_up(consent=False) for _ in range(3)]
    existing, unknown = [], []
    for n in range(tries):
        existing.append(client.log_in(accounts[n % 3].email, f"{WRONG} {n}").seconds)
        unknown.append(client.log_in(fresh_email("nobody"), f"{WRONG} {n}").seconds)
    known_median, unknown_median = statistics.median(existing), statistics.median(unknown)
    ratio = unknown_median / known_median
    seen.note(f"median login: existing {known_median * 1000:.0f} ms, unknown {unknown_median * 1000:.0f} ms, "
              f"ratio {ratio:.2f} over {tries} tries each" + ("" if probe.full else " (judged with --full only)"))
    if probe.full:
        seen.expect(ratio > 0.5, f"an unknown email answers much faster (ratio {ratio:.2f}): it can be told apart")


def check_signup_enumeration(seen, probe):
    """Without mail to confirm an address, sign-up says when one is taken (409 email_taken), so
    what is bounded is how fast one address may ask: after 10 sign-ups or taken-address answers,
    429 too_many_sign_ups with Retry-After. A taken-address answer carries no session."""
    client = probe.client
    taken = client.sign_up(consent=False)
    address, allowed = client.next_address(), 10
    for n in range(1, allowed + 2):
        answer = client.post_json("/api/auth/signup", {"email": taken.email, "password": PASSWORD + " 2"},
                                  address=address)
        if n <= allowed:
            ok = answer.status == 409 and answer.code == "email_taken"
            seen.expect(ok, f"taken-address sign-up {n} from one address: {answer.brief()}")
            seen.expect(not (answer.json or {}).get("token") and not answer.header("Set-Cookie"),
                        f"taken-address sign-up {n} carried a session")
            if not ok:
                return
        else:
            retry = answer.header("Retry-After") or ""
            seen.expect(answer.status == 429 and answer.code == "too_many_sign_ups" and retry.isdigit(),
                        f"sign-up {n} from one address: {answer.brief()} Retry-After={retry!r}")
            seen.note(f"sign-up {n} from one address: {answer.status} {answer.code}, Retry-After {retry}")
    # Another address is not held up.
    other = client.post_json("/api/auth/signup", {"email": fresh_email("other"), "password": PASSWORD},
                             address=client.next_address())
    seen.expect(other.status == 201, f"a sign-up from another address: {other.brief()}")


# ---------------------------------------------------------------- 3. login CSRF

def sign_in_takes_json_only(seen, probe):
    client = probe.client
    victim = client.sign_up(consent=False)
    newcomer = fresh_email("form")
    credentials = {"/api/auth/login": (victim.email, victim.password), "/api/auth/signup": (newcomer, PASSWORD)}
    for path, (email, password) in credentials.items():
        form = f"email={email.replace('@', '%40')}&password={password.replace(' ', '+')}".encode()
        as_multipart = multipart([("email", email), ("password", password)], [])
        # A form may also be text/plain, whose body can be made to look like JSON.
        plain = f'{{"email": "{email}", "password": "{password}"}}'.encode()
        for body, content_type in ((form, "application/x-www-form-urlencoded"), as_multipart, (plain, "text/plain")):
            answer = client.request("POST", path, body=body, content_type=content_type)
            seen.expect(answer.status == 415 and answer.code == "expected_json",
                        f"{path} as {content_type.split(';')[0]}: {answer.status} {answer.code}")
            seen.expect(not answer.header("Set-Cookie"), f"{path} as {content_type.split(';')[0]} set a cookie")
    # The form sign-up made no account: JSON sign-in to it is refused.
    seen.expect(client.log_in(newcomer, PASSWORD).status == 401, "a sign-up form made an account")
    foreign = client.post_json("/api/auth/login", {"email": victim.email, "password": victim.password},
                               headers={"Origin": "https://evil.example"})
    seen.expect(foreign.status == 403 and foreign.code == "cross_site_request",
                f"JSON login from another origin: {foreign.status} {foreign.code}")


# ---------------------------------------------------------------- 8. logout revokes

def bearer_logout_revokes(seen, probe):
    client = probe.client
    account, other = client.sign_up(consent=False), client.sign_up(consent=False)
    seen.expect(client.me(account.bearer).status == 200, "the fresh token does not work")
    out = client.request("POST", "/api/auth/logout", headers=account.bearer)
    seen.expect(out.status == 200, f"logout: {out.brief()}")
    after = client.me(account.bearer)
    seen.expect(after.status == 401, f"the token still works after logout: {after.status}")
    seen.expect(client.me(other.bearer).status == 200, "logout revoked another account's token")


# ---------------------------------------------------------------- 9. bcrypt's 72 bytes

SEVENTY_TWO = ("correct horse battery staple " * 3)[:72]  # not one letter repeated: that is a common password


def long_passwords_refused(seen, probe):
    client = probe.client
    for label, password in (("73 bytes", SEVENTY_TWO + "b"), ("37 × é, 74 bytes", "é" * 37)):
        answer = client.post_json("/api/auth/signup", {"email": fresh_email(), "password": password})
        seen.expect(answer.status == 400 and answer.code == "password_too_long",
                    f"sign-up with {label}: {answer.status} {answer.code}")
    exactly = client.post_json("/api/auth/signup", {"email": fresh_email(), "password": SEVENTY_TWO})
    seen.expect(exactly.status == 201, f"sign-up with exactly 72 bytes: {exactly.brief()}")


def long_passwords_not_interchangeable(seen, probe):
    """A 72-byte password, and the same plus one byte: bcrypt alone reads both as one."""
    client = probe.client
    account = client.sign_up(password=SEVENTY_TWO, consent=False)
    longer = client.log_in(account.email, SEVENTY_TWO + "b")
    seen.expect(longer.status != 200, f"signed in with the 72-byte password plus one byte: {longer.status} "
                                      "(over 72 bytes cannot be anyone's password)")
    seen.expect(client.log_in(account.email, SEVENTY_TWO).status == 200, "the 72-byte password does not sign in")


# ---------------------------------------------------------------- 10. identifiers

def identifiers_normalised(seen, probe):
    client = probe.client
    local = f"jos\u00e9-{uuid.uuid4().hex[:8]}"
    nfc = f"{local}@example.com"
    nfd = unicodedata.normalize("NFD", nfc)
    account = client.sign_up(nfc, consent=False)
    login = client.log_in(nfd, account.password)
    seen.expect(login.status == 200 and (login.json or {}).get("user", {}).get("id") == account.id,
                f"login with the NFD form: {login.status}")
    for label, variant in (("NFD", nfd), ("trailing newline", nfc + "\n"), ("upper case", nfc.upper())):
        no_second_account(seen, client, account, label, variant)
    for label, email in (("zero-width space", f"ada\u200b{uuid.uuid4().hex[:6]}@example.com"),
                         ("x@@@y", "x@@@y.org"), ("NUL", f"ada{uuid.uuid4().hex[:6]}@exam\u0000ple.com"),
                         ("byte-order mark", f"ada\ufeff{uuid.uuid4().hex[:6]}@example.com")):
        answer = client.post_json("/api/auth/signup", {"email": email, "password": PASSWORD})
        seen.expect(answer.status == 400 and answer.code == "invalid_email", f"{label}: {answer.status} {answer.code}")
    owner, persona = probe.owner()
    for label, name in (("NUL", "Ada\u0000Admin"), ("escape", "Ada\u001b[31m")):
        created = client.create_persona(owner, [], name=name)
        seen.expect(created.status == 400 and created.code == "invalid_name",
                    f"persona name with {label}: {created.status} {created.code}")
    renamed = client.request("PATCH", f"/api/personas/{persona}", json_body={"name": "Ada\u0000Admin"},
                             headers=owner.bearer)
    seen.expect(renamed.status == 400 and renamed.code == "invalid_name", f"rename with NUL: {renamed.brief()}")


def no_second_account(seen, client, account, label, variant):
    """A sign-up with another form of a taken address must not make a second account (whatever it
    answers while sign-up stops telling taken addresses apart), nor sign in to the first one."""
    answer = client.post_json("/api/auth/signup", {"email": variant, "password": PASSWORD + " other"})
    token = (answer.json or {}).get("token") if answer.status < 300 else None
    if answer.status >= 300 or not token:
        seen.expect(answer.status in (400, 409) or answer.status < 300,
                    f"sign-up with the {label} form: {answer.brief()}")
        return
    me = client.me({"Authorization": f"Bearer {token}"})
    same = (me.json or {}).get("user", {}).get("id") == account.id
    seen.expect(me.status != 200, f"sign-up with the {label} form made "
                f"{'a session for the existing account without its password' if same else 'a second account'}")


# ---------------------------------------------------------------- 15. external identities

def external_sub_is_not_a_local_id(seen, probe):
    client = probe.client
    owner, persona = probe.owner()
    tokens = (("sub = the local id", probe.issuer.token(owner.id)),
              ("sub = the id in lower case, with its email", probe.issuer.token(owner.id.lower(), email=owner.email)))
    for label, token in tokens:
        # As Authorization: Bearer, and in Clerk's cookie.
        for how, headers in (("bearer", {"Authorization": f"Bearer {token}"}),
                             ("cookie", {"Cookie": f"__session={token}"})):
            me = client.me(headers)
            seen.expect(me.status == 200, f"{label} ({how}): the valid JWT did not sign in: {me.brief()}")
            signed_in_as = (me.json or {}).get("user", {}).get("id")
            seen.expect(signed_in_as and signed_in_as.lower() != owner.id.lower(),
                        f"{label} ({how}) signed in as the local user {owner.id}")
            mine = client.request("GET", "/api/personas", headers=headers).json or {}
            seen.expect(persona not in [p["id"] for p in mine.get("personas", [])],
                        f"{label} ({how}) lists the local user's persona")
