"""Steps the review-chain journeys share, each done by clicking and typing
as a person does: log in and out, open a story from the dashboard, write an
opinion and press a review button."""

import re

from playwright.sync_api import expect

from .conftest import assert_sound_page, backup_code_if_required, type_second_step

PASSWORD = "a-long-test-password"


def log_in(page, live_server, username):
    """Log in from the login page (logging out first if someone is in)."""
    if page.locator("#logout-form").count():
        page.locator("#logout-form button").click()
        page.wait_for_load_state()
    code = backup_code_if_required(username)
    page.goto(f"{live_server.url}/admin/login/")
    assert_sound_page(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    type_second_step(page, code)
    page.wait_for_url(f"{live_server.url}/admin/")
    assert_sound_page(page)


def dashboard_list(page, section_id):
    """One list of the dashboard, by its heading's id (nr-dash-awaiting …)."""
    return page.locator(f"section[aria-labelledby={section_id}]")


def open_from_dashboard(page, section_id, headline):
    dashboard_list(page, section_id).get_by_role("link", name=headline).click()
    page.wait_for_load_state()
    expect(page.locator("#id_headline, .field-headline").first).to_be_visible()


def write_opinion(page, text):
    box = page.locator("#id_workflow-comment")
    box.scroll_into_view_if_needed()
    box.fill(text)


def press(page, label):
    """Press a review button (the story's change form is posted)."""
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def message(page):
    return page.locator("ul.messagelist").inner_text()


def timeline_steps(page):
    return page.locator(".nr-timeline td.nr-step").all_inner_texts()


def story_id(page):
    return int(re.search(r"/article/(\d+)/change/", page.url).group(1))
