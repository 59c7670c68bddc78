"""Built-in connectors; each is registered in the `twin.connectors` entry-point group."""

__all__: list[str] = []
