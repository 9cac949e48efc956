"""Reading the small urlencoded forms the pages post: bounded in size, parsed with ``urllib.parse``."""

from urllib.parse import parse_qs

from starlette.requests import Request

from atlas_access.server.routes.pages.reply import PageError
from atlas_access.server.wire.endpoint import read_body

MAX_FORM_BYTES = 4096
MAX_FIELDS = 16
FORM_TYPE = "application/x-www-form-urlencoded"


def _too_large() -> PageError:
    return PageError(413, "This form is too large", f"A form here holds at most {MAX_FORM_BYTES} bytes.")


def _bad_form() -> PageError:
    return PageError(400, "This form could not be read", "Open the invitation link again and use its buttons.")


async def read_form(request: Request) -> dict[str, str]:
    """The posted fields, each given at most once; a PageError (400, 413, 415) for anything else."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != FORM_TYPE:
        raise PageError(415, "This form could not be read", f"Send the form as {FORM_TYPE}.")
    raw = await read_body(request, MAX_FORM_BYTES, _too_large)
    try:
        text = raw.decode("utf-8")
        fields = parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise _bad_form() from None
    if any(len(values) != 1 for values in fields.values()):
        raise _bad_form()
    return {name: values[0] for name, values in fields.items()}
