"""Models of the advice app: only the CDS Hooks feedback (advice.cds.models)."""

from advice.cds.models import CdsFeedback  # noqa: F401
