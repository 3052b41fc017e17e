from site_helpers import demo_site  # noqa: F401
