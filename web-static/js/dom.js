// Daigang — dom.js
// Small DOM helpers shared by the pages. Text is always set through textContent or attributes,
// never innerHTML, so data from the server cannot inject markup. No DOM ids.

/**
 * Creates an element.
 * `attrs`: `class` → className, `text` → textContent, `hidden`/other booleans → presence,
 * anything else → setAttribute (null, undefined and false are skipped).
 * `children`: nodes, strings (as text), arrays of those; null/undefined/false are skipped.
 * @returns {HTMLElement}
 */
export function h(tag, attrs = null, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  appendChildren(node, children);
  return node;
}

function appendChildren(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** The element with this id; throws if the page lacks it (a page/script mismatch is a bug). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing element #${id}`);
  return node;
}

/** Replaces all children of `node`. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  appendChildren(node, children);
}

/** Sets textContent. */
export function setText(node, text) {
  node.textContent = text === null || text === undefined ? '' : String(text);
}

/** Returns `url` if it is an absolute http(s) URL, else null (never render other schemes). */
export function safeHttpUrl(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
