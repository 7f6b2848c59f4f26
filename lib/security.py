"""Security headers Django does not set itself, and the client address django-axes locks out.

The Content-Security-Policy allows scripts, styles, images, fonts and connections from the site's
own origin only: no inline script or style, no other site, no plugins, no framing, and forms may
post only to the site. The public templates need nothing more (JSON-LD blocks are data, which the
policy does not cover). The admin is the one exception: Django's change list writes a ``<style>``
block and django-simple-history's history page a ``style`` attribute, so under the admin path
inline *styles* are allowed; its scripts stay limited to the site's own files.
"""

from urllib.parse import urlsplit

from django.conf import settings


def _policy(*, inline_styles=False):
    images = ["'self'", "data:", *settings.CSP_EXTRA_IMG_ORIGINS]
    media = urlsplit(settings.MEDIA_URL)
    if media.scheme and media.netloc:  # media served from another host, e.g. a storage bucket
        images.append(f"{media.scheme}://{media.netloc}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"] if inline_styles else ["'self'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that has none (a view may set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _policy()
        self.admin_policy = _policy(inline_styles=True)
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(self.admin_prefix)
            response["Content-Security-Policy"] = self.admin_policy if admin else self.public_policy
        return response


def client_ip(request):
    """The address of the client for django-axes (AXES_CLIENT_IP_CALLABLE).

    Behind ``TRUSTED_PROXY_COUNT`` proxies the client is that many entries from the right of
    X-Forwarded-For (each proxy appends the address it received the request from); entries further
    left were written by the client and may be forged. With no proxy it is the connection's address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
