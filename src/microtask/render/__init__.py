"""The only package that imports Rich: domain objects in, renderables out."""
