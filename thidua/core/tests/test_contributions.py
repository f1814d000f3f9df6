from thidua.core.contributions import Hub


def test_hub_lists_parts_in_order_then_by_key():
    hub: Hub[str] = Hub("test")
    hub.add("late", key="b", order=20)
    hub.add("early", key="z", order=10)
    hub.add("same order, first key", key="a", order=20)
    assert list(hub) == ["early", "same order, first key", "late"]
    assert [key for key, _item in hub.items()] == ["z", "a", "b"]


def test_registering_a_key_again_replaces_the_part():
    hub: Hub[str] = Hub("test")
    hub.add("old", key="k")
    hub.add("new", key="k")
    assert list(hub) == ["new"]
    assert len(hub) == 1
    assert hub.get("k") == "new"
    assert hub.get("missing") is None


def test_decorator_registers_a_function_under_its_path():
    hub: Hub = Hub("test")

    @hub.register(order=5)
    def provider() -> int:
        return 1

    assert list(hub) == [provider]
    assert hub.items()[0][0].endswith(
        "test_decorator_registers_a_function_under_its_path.<locals>.provider"
    )
