"""Visual QA checks: a spec of assertions (zh/en prose or YAML) checked against screenshots."""
