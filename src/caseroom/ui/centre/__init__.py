"""The centre mode of the app (`caseroom --centre URL`)."""
