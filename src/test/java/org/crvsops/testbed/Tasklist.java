package org.crvsops.testbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;

/**
 * Camunda's Tasklist in {@link HeadlessChromium}, used as an operator uses it: signing in, Start process, choosing
 * the process by its name, filling its Camunda Form's text fields (by their field ids, e.g. Field_CoreVersion) and
 * pressing Start. Text is typed and buttons clicked with the mouse; only finding a link or button by its text is
 * done in the page.
 */
public final class Tasklist {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final HeadlessChromium browser;
  private final String base;

  public Tasklist(HeadlessChromium browser, String baseUrl) {
    this.browser = browser;
    this.base = baseUrl;
  }

  public void signIn(String user, String password) {
    browser.open(base + "/camunda/app/tasklist/default/#/login");
    browser.type("form[name=signinForm] input[type=text]", user);
    browser.type("form[name=signinForm] input[type=password]", password);
    browser.click("form[name=signinForm] button[type=submit]");
    browser.awaitValue("Tasklist after signing in", "document.querySelector('li.start-process-action a') ? 'in' : ''",
        "in"::equals, WAIT);
  }

  /**
   * Starts the process of this name through its start form, with these text fields (field id to text); the
   * other fields keep their defaults. Returns the notification Tasklist shows once it pressed Start.
   */
  public String startProcess(String processName, Map<String, String> textFields) {
    browser.click("li.start-process-action a");
    mark("the process " + processName + " in Start process", ".modal ul.processes a", processName, "process");
    browser.click(".modal ul.processes a[data-test=process]");
    textFields.forEach((field, text) -> browser.type(".modal input[id$='-" + field + "']", text));
    mark("the Start button", ".modal-footer button", "Start", "start");
    browser.click(".modal-footer button[data-test=start]");
    return browser.awaitValue("Tasklist's notification after Start", "Array.from(document.querySelectorAll("
        + "'.notifications .alert')).map(n => n.innerText.replace(/^×\\s*/, '').trim()).join(' / ')", text -> !text.isEmpty(), WAIT);
  }

  /**
   * Marks (data-test=name) the element of these that reads exactly this text, once it is shown and has stopped
   * moving (the dialog slides in: a click at a place it has left lands on the backdrop, which closes it).
   */
  private void mark(String what, String selector, String text, String name) {
    browser.awaitValue(what, "(() => { const e = Array.from(document.querySelectorAll(" + quote(selector) + "))"
        + ".find(x => x.textContent.trim() === " + quote(text) + " && x.getBoundingClientRect().width > 0);"
        + " if (!e) return ''; const at = JSON.stringify(e.getBoundingClientRect()); const still = e.dataset.at === at;"
        + " e.dataset.at = at; if (!still) return ''; e.setAttribute('data-test', " + quote(name) + ");"
        + " return 'marked'; })()", "marked"::equals, WAIT);
  }

  private static String quote(String text) {
    return JSON.valueToTree(text).toString();
  }
}
