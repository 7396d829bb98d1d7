"""Going live: is this installation ready to serve a workspace (`cno doctor`, and `cno serve` before it starts)?"""
