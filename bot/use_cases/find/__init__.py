"""``/networking find``: who knows whom, inside the company and out to clients and partners."""
