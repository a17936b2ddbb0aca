"""The tables a person sees, as files: every dashboard, ranking and list answer of the
API becomes one or more Tables (Thai headers with English beside, the domain's codes
in words), written as CSV (UTF-8 with a BOM, so Excel shows Thai) or XLSX."""
