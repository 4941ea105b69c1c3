"""The two HTTP routes that set and clear the sign-in cookie (served beside Streamlit by ``app.py``).

Streamlit's script talks to the browser over a websocket and cannot send ``Set-Cookie``; ``st.context.cookies``
is read-only. So after a sign-in the page POSTs a one-time code (``tracker.sessions.open_session``) to
``/auth/session``, and this route answers with the session token as an HttpOnly, SameSite=Strict cookie; the
token never appears in the page, a URL or a log. ``/auth/sign-out`` ends the session the cookie names and clears
it. Both refuse a request from another origin (a forged form elsewhere cannot sign a browser in as someone else).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tracker.sessions import COOKIE_NAME, MAX_AGE, claim_handoff, end_session
from tracker.ui.session import HANDOFF_PATH, SIGN_OUT_PATH


def _same_origin(request: Request) -> bool:
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return False
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return origin is not None and host is not None and origin.split("://", 1)[-1] == host


async def _code(request: Request) -> str:
    try:
        body = await request.json()
    except ValueError:
        return ""
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, str) else ""


async def start_session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    code = await _code(request)
    from starlette.concurrency import run_in_threadpool

    token = await run_in_threadpool(claim_handoff, code)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(MAX_AGE.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def sign_out(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(end_session, token=request.cookies.get(COOKIE_NAME))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


ROUTES = [
    Route(HANDOFF_PATH, start_session, methods=["POST"]),
    Route(SIGN_OUT_PATH, sign_out, methods=["POST"]),
]
