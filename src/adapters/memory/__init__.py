"""In-memory fakes of every port: the harness developers and unit tests build on."""
