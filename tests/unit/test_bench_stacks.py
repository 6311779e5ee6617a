from rehearse.bench.stacks import with_option


def test_with_option_replaces_or_appends_an_option_value():
    command = ["rasa", "run", "--model", "models", "--port", "5005"]
    assert with_option(command, "--model", "/tmp/m.tar.gz") == ["rasa", "run", "--model", "/tmp/m.tar.gz", "--port", "5005"]
    assert with_option(["rasa", "run"], "--model", "x") == ["rasa", "run", "--model", "x"]
