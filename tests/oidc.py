"""A small OpenID Connect provider for the tests: offline, on 127.0.0.1, built with Authlib's JOSE.

Discovery, an authorisation page (type an e-mail address, press the button: that person signs
in), the code-for-token exchange with PKCE (S256) checked, an RS256-signed ID token carrying the
client's nonce, the signing keys and userinfo. Enough for Streamlit's ``st.login``, nothing more:
every address is accepted, as a test identity.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from authlib.jose import JsonWebKey, jwt

CLIENT_ID, CLIENT_SECRET = "moral-metrics", "test-client-secret"
FORM = """<!doctype html><html lang="en"><body><h1>Test identity provider</h1>
<form method="post" action="/authorize">{hidden}
<label for="email">E-mail</label><input id="email" name="email" type="email">
<button type="submit">Continue</button></form></body></html>"""


class Provider:
    """``Provider()`` starts serving; ``.issuer`` is its URL, ``.stop()`` ends it."""

    def __init__(self) -> None:
        self.key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "test-key"})
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def claims(self, email: str, nonce: str | None) -> dict:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": email, "aud": CLIENT_ID, "iat": now, "exp": now + 600}
        claims |= {"email": email, "email_verified": True, "name": email.split("@")[0]}
        return claims | ({"nonce": nonce} if nonce else {})

    def exchange(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict]:
        """The token endpoint: a code once, from the client it was given to, with its verifier."""
        if authorization and authorization.startswith("Basic "):
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            form = {"client_id": urllib.parse.unquote(user), "client_secret": urllib.parse.unquote(password)} | form
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return 400, {"error": "invalid_grant"}
        if grant["redirect_uri"] != form.get("redirect_uri") or not _pkce_ok(grant, form.get("code_verifier")):
            return 400, {"error": "invalid_grant"}
        claims = self.claims(grant["email"], grant["nonce"])
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key).decode()
        access = secrets.token_urlsafe(24)
        self.tokens[access] = claims
        return 200, {"access_token": access, "token_type": "Bearer", "expires_in": 600, "id_token": id_token}

    def get(self, path: str, query: dict[str, str], authorization: str) -> tuple:
        """(status, body, content type, extra headers) for a GET."""
        if path == "/.well-known/openid-configuration":
            return 200, self.metadata()
        if path == "/jwks":
            return 200, {"keys": [self.key.as_dict(is_private=False)]}
        if path == "/authorize":  # the client's parameters ride along in the form
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in query.items()
            )
            return 200, FORM.format(hidden=hidden), "text/html; charset=utf-8"
        if path == "/userinfo":
            claims = self.tokens.get(authorization.removeprefix("Bearer "))
            return (200, claims) if claims else (401, {"error": "invalid_token"})
        return 404, {"error": "not_found"}

    def post(self, path: str, form: dict[str, str], authorization: str) -> tuple:
        if path == "/authorize":  # the person typed an address: that is who signs in
            code = secrets.token_urlsafe(16)
            self.codes[code] = form
            target = form["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": form["state"]})
            return 302, "", "text/plain", {"Location": target}
        if path == "/token":
            return self.exchange(form, authorization)
        return 404, {"error": "not_found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body, kind: str = "application/json", headers: dict | None = None) -> None:
                data = (json.dumps(body) if isinstance(body, dict) else body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                self._send(*provider.get(url.path, query, self.headers.get("Authorization") or ""))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                self._send(*provider.post(self.path, form, self.headers.get("Authorization") or ""))

        return Handler


def _pkce_ok(grant: dict, verifier: str | None) -> bool:
    challenge = grant.get("code_challenge")
    if not challenge:
        return True
    if not verifier:
        return False
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return digest == challenge


def secrets_toml(provider: Provider, app_url: str, editors: list[str]) -> str:
    """The ``.streamlit/secrets.toml`` an office would write for this provider (see docs/deploy.md)."""
    return "\n".join(
        [
            "[auth]",
            f'redirect_uri = "{app_url}/oauth2callback"',
            f'cookie_secret = "{secrets.token_hex(16)}"',
            f'client_id = "{CLIENT_ID}"',
            f'client_secret = "{CLIENT_SECRET}"',
            f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"',
            *(f"[editors.{json.dumps(e)}]\ncentral = true" for e in editors),
            "",
        ]
    )
