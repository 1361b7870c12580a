"""Every write of the assessment: schemes, scores, the yearly cycle."""
