"""The harness catches what our Content Security Policy blocks, so a page that needs inline
code fails its browser test."""


def test_an_inline_script_is_blocked_and_fails_the_test(page, live_server, watch_page):
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)  # the violation event is dispatched asynchronously
    assert page.evaluate("window.injected") is None  # the policy blocked it
    assert any("CSP violation: script-src" in problem for problem in watch_page.problems)
    assert any("Content Security Policy" in problem for problem in watch_page.problems)
    watch_page.problems.clear()  # seen: this test is about the harness noticing


def test_an_inline_style_attribute_is_blocked_and_fails_the_test(page, live_server, watch_page):
    page.goto(live_server.url + "/")
    page.evaluate("() => document.body.setAttribute('style', 'background: red')")
    page.wait_for_timeout(200)
    assert any("CSP violation: style-src" in problem for problem in watch_page.problems)
    watch_page.problems.clear()


def test_pages_load_without_any_violation(page, live_server):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/accounts/login/")
    page.goto(live_server.url + "/accounts/signup/")
