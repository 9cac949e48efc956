"""The frame every page shares: one stylesheet inline, a phone-first fluid layout, and the page's headers.

The stylesheet is allowed by its hash in the Content-Security-Policy, so pages need no ``'unsafe-inline'``
and can run no script at all.
"""

import base64
import hashlib
from html import escape

STYLE = """
:root{color-scheme:light;--ink:#1c2d38;--muted:#5c6c75;--line:#e1e6e8;--brand:#00684a;--brand-dark:#004d37;
--bg:#f5f7f7;--warn:#b3261e}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
header{background:#001e2b;color:#fff;padding:14px 20px;font-weight:600;letter-spacing:.01em}
header span{color:#00ed64}
main{width:100%;max-width:34rem;margin:0 auto;padding:20px 16px 40px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:22px 20px}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 10px}
p{margin:0 0 14px}
.lead{color:var(--muted)}
.badge{display:inline-block;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;
padding:3px 10px;border-radius:999px;background:#e3fcf7;color:var(--brand-dark);margin-bottom:12px}
.badge.gone{background:#fdecea;color:var(--warn)}
dl{margin:18px 0;padding:0}
dt{font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-top:14px}
dd{margin:2px 0 0}
ul.roles{list-style:none;margin:4px 0 0;padding:0}
ul.roles li{padding:6px 0;border-bottom:1px solid var(--line)}
ul.roles li:last-child{border-bottom:0}
code{font:.8rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);display:block}
.when{color:var(--muted)}
.nowrap{white-space:nowrap}
form{margin:0}
fieldset{border:0;margin:18px 0 0;padding:0}
legend{font-weight:600;padding:0;margin-bottom:6px}
label{display:block;font-size:.9rem;color:var(--muted);margin:10px 0 4px}
input[type=text]{width:100%;min-height:48px;font:inherit;padding:10px 12px;border:1px solid #b8c4c2;border-radius:8px}
input[type=text]:focus,button:focus{outline:3px solid #71f6ba;outline-offset:1px}
button{display:block;width:100%;min-height:52px;margin-top:14px;font:inherit;font-weight:600;border-radius:10px;
cursor:pointer;padding:12px 16px}
.accept{background:var(--brand);border:1px solid var(--brand);color:#fff}
.accept:hover{background:var(--brand-dark)}
.decline{background:#fff;border:1px solid #b8c4c2;color:var(--ink)}
.decline:hover{background:var(--bg)}
a{color:var(--brand)}
.fine{font-size:.85rem;color:var(--muted);margin-top:18px}
""".strip()

_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The URL of an invitation page carries its token: never cache it, never send it on as a referrer.
HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Robots-Tag": "noindex, nofollow",
}


def document(title: str, body: str) -> str:
    """A whole page: ``title`` is plain text (escaped here), ``body`` is markup already escaped by the caller."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(title)} · atlas-access</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<header>atlas<span>-</span>access</header>\n"
        f'<main>\n<div class="card">\n{body}\n</div>\n</main>\n</body>\n</html>\n'
    )
