"""What every server-rendered page of the service shares, whichever package serves it.

The layout (``base.jinja`` over the NHS.UK frontend macros), the stylesheets and their ``/assets``
route, the security headers, the access log without answers, and the plain page for an
unexpected error. The patient pages (:mod:`decision_aids.web`) and the collaboRATE survey
(:mod:`collaborate.web`) both build on it; it knows neither.
"""
