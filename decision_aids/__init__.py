"""decision-aids: evidence-based, personalised shared-decision-making aids."""

__version__ = "0.1.0"
