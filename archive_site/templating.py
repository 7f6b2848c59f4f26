"""The template engine of the public pages: Jinja2, with the functions and filters they use.

The public pages (templates/, except templates/admin/) are built on every request the page cache
cannot answer, and Django's template engine was the largest part of that: 3.9 ms of an event's
page of 11.9 ms, 7.7 ms of the timeline's 18.6 ms (SQLite, 10,000 events). Jinja2 compiles each
template to Python once per process. The admin and the forms' widgets keep Django's engine.

What Django's engine did implicitly, these templates write out: a method is called
(``event.get_absolute_url()``), and a fallback is ``a or b`` rather than ``|default``. A method
printed without its call would show as "<bound method …>"; ``_refuse_callables`` makes that an
error that every page's tests would meet.
"""

import jinja2
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import reverse

from events.templatetags import archive


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, whose templates tell the test client what they rendered.

    Django's engine sends ``template_rendered`` under test, and the test client reads
    ``response.context`` and ``response.templates`` from it; Django's Jinja2 backend sends nothing.
    """

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)


class Template(django_jinja2.Template):
    @property
    def name(self):
        return self.template.name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        html = super().render(context, request)  # adds the request and the context processors' values to context
        if template_rendered.receivers:  # only the test client listens
            template_rendered.send(sender=self, template=self, context=context)
        return html


class PublicLoader(jinja2.FileSystemLoader):
    """templates/ without templates/admin/, whose overrides of the admin are written for Django's engine."""

    def get_source(self, environment, template):
        if template.startswith("admin/"):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def environment(**options):
    options["loader"] = PublicLoader(options["loader"].searchpath)
    # As in Django's engine, a missing value prints as "" and so does an attribute of it
    # (request.resolver_match.view_name on a 404); calling one is still an error. Django's backend
    # would pick DebugUndefined under DEBUG, which prints "{{ name }}" in the page.
    options["undefined"] = jinja2.ChainableUndefined
    env = jinja2.Environment(**options, keep_trailing_newline=True, finalize=_refuse_callables)
    env.globals.update(
        site_name=settings.SITE_NAME,
        static=static,
        url=url,
        absolute_url=jinja2.pass_context(_absolute_url),
        pagination=jinja2.pass_context(_pagination),
        event_rows=archive.event_rows,
        participation_rows=archive.participation_rows,
        signature_rows=archive.signature_rows,
        agreement_links=archive.agreement_links,
        agreement_rows=archive.agreement_rows,
    )
    env.filters.update(
        # The site's own (events/templatetags/archive.py).
        safe_html=archive.safe_html,
        edtf=archive.edtf,
        html_datetime=archive.html_datetime,
        lifespan=archive.lifespan,
        json_ld=archive.json_ld,
        markdown=archive.markdown,
        # Django's, where Jinja2 has none or one that differs.
        date=defaultfilters.date,
        truncatechars=defaultfilters.truncatechars,
        pluralize=defaultfilters.pluralize,
        capfirst=defaultfilters.capfirst,
        intcomma=intcomma,
        urlencode=defaultfilters.urlencode,
    )
    return env


def url(name, *args, **kwargs):
    """The address of a named route: ``url("events:detail", slug=event.slug)``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _absolute_url(context, path=None):
    return archive.absolute_url(context, path)


def _pagination(context, page, label="Pages", param="page"):
    return archive.pagination(context, page, label, param)


def _refuse_callables(value):
    if callable(value) and not isinstance(value, jinja2.Undefined):  # Undefined has a __call__ that raises
        raise TypeError(f"a template printed {value!r} without calling it")
    return value
