"""Moral Metrics: the router. Pages live in pages/; the domain logic in moral_metrics/."""

from ui.shell import route

route()
