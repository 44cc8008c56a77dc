"""CDS Hooks service: FHIR parsing, dose and regimen, lactation status, cards, views."""
