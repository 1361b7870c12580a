"""The statistics catalogue (DOMAIN.md §6 items 1, 2, 3, 7, 10): reads over the ledger and the activities."""
