"""queries of the organisation, one module per use case."""
