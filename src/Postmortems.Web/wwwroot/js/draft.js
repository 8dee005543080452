// The incident editor's text lives in the browser; the server gets it as edits.
//
// Every keystroke is written to localStorage first (the kept copy), so a dropped connection or a dead server loses
// nothing. Then the change since the last text the server confirmed goes over as one splice (where, how much was
// removed, what was inserted), cut into pieces small enough for the circuit's 32 KB message limit, each with the length
// and a hash of the text it should produce: the server applies a piece only when its result matches, so its copy is
// either exact or refused, never silently different. A refused piece makes the next round resend what is needed,
// from the whole text if the server's copy is unknown.

const MaxPiece = 4000; // UTF-16 units: even if every one were sent as "\uXXXX" (6 bytes) a piece stays under 32 KB
const RetryAfterMs = 2000;
const AnswerTimeoutMs = 15000; // a call made while the circuit is away may never be answered
const Offline = "Not reaching the server: what you type is kept in this browser and will be sent when the connection is back. Nothing is lost.";
const states = new WeakMap();

/** FNV-1a over the UTF-16 code units; the server computes the same (TextSync.Hash). */
export function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}

function write(key, text, baseRevision) {
    try {
        localStorage.setItem(key, JSON.stringify({ text, baseRevision, savedAt: new Date().toISOString() }));
        return true;
    } catch {
        return false;
    }
}

export function load(key) {
    try {
        const raw = localStorage.getItem(key);
        if (!raw) return null;
        const draft = JSON.parse(raw);
        return typeof draft?.text === "string" ? draft : null;
    } catch {
        return null;
    }
}

export function clear(key) {
    try {
        localStorage.removeItem(key);
    } catch {
        // Nothing to clear where storage is disabled.
    }
}

const isHigh = code => code >= 0xd800 && code <= 0xdbff;
const isLow = code => code >= 0xdc00 && code <= 0xdfff;

/** The splice that turns `from` into `to`, never cutting a surrogate pair in two. */
function splice(from, to) {
    const shorter = Math.min(from.length, to.length);
    let prefix = 0;
    while (prefix < shorter && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
    if (prefix > 0 && isHigh(to.charCodeAt(prefix - 1))) prefix--;
    let suffix = 0;
    while (suffix < shorter - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) suffix++;
    if (suffix > 0 && isLow(to.charCodeAt(to.length - suffix))) suffix--;
    return { start: prefix, deleteCount: from.length - prefix - suffix, insert: to.slice(prefix, to.length - suffix) };
}

function showStatus(state, kind, message) {
    const status = state.status;
    if (!status) return;
    status.dataset.sync = kind;
    status.textContent = message;
}

function schedule(state) {
    if (!state.running) state.running = sync(state).finally(() => { state.running = null; });
    return state.running;
}

/** Sends what the server does not have yet, piece by piece, until the server's copy is the textarea's text. */
async function sync(state) {
    const textarea = state.textarea;
    let refusals = 0;
    try {
        while (state.attached && state.sent !== textarea.value) {
            const value = textarea.value;
            const edit = state.sent === null
                ? { start: 0, deleteCount: state.serverLength, insert: value }
                : splice(state.sent, value);
            const tail = value.slice(edit.start + edit.insert.length);
            let offset = 0;
            do {
                let end = Math.min(offset + MaxPiece, edit.insert.length);
                if (end < edit.insert.length && isHigh(edit.insert.charCodeAt(end - 1))) end--;
                const result = value.slice(0, edit.start + end) + tail;
                const answer = await withTimeout(state.dotnet.invokeMethodAsync("ApplyEdit",
                    edit.start + offset, offset === 0 ? edit.deleteCount : 0, edit.insert.slice(offset, end), result.length, hash(result)));
                if (answer.tooLarge) {
                    showStatus(state, "too-large", answer.message);
                    return;
                }
                if (!answer.applied) {
                    // The server's copy is not the one this edit started from: resend from what it has, or all of it.
                    if (++refusals > 3) throw new Error("the server kept refusing the text");
                    if (state.sent === null || hash(state.sent) !== answer.hash || state.sent.length !== answer.length) {
                        state.sent = null;
                        state.serverLength = answer.length;
                    }
                    break;
                }
                state.sent = result;
                offset = end;
            } while (offset < edit.insert.length);
        }
        showStatus(state, "synced", "");
    } catch {
        showStatus(state, "offline", Offline);
        clearTimeout(state.retry);
        state.retry = setTimeout(() => schedule(state), RetryAfterMs);
    }
}

function withTimeout(promise) {
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("no answer")), AnswerTimeoutMs); });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Blazor's reconnection events: say at once that typing is kept, and send what waited once the circuit is back. */
function watchConnection(state) {
    const dialog = document.getElementById("components-reconnect-modal");
    if (!dialog) return;
    state.onReconnect = event => {
        if (event.detail.state === "hide") schedule(state);
        else if (event.detail.state !== "rejected") showStatus(state, "offline", Offline);
    };
    dialog.addEventListener("components-reconnect-state-changed", state.onReconnect);
    state.dialog = dialog;
}

/**
 * Starts keeping and syncing the textarea. The server's text is what the textarea shows now, unless its hash differs
 * (then the server gets the whole text). A kept copy that differs from it is put in the textarea and sent; what was
 * kept (without its text, which may be larger than one message) is returned so the page can say so.
 */
export function attach(textarea, status, key, baseRevision, dotnet, serverLength, serverHash) {
    if (!textarea) return null;
    detach(textarea);
    const state = { textarea, status, key, baseRevision, dotnet, attached: true, running: null, retry: null, sent: textarea.value, serverLength };
    if (hash(textarea.value) !== serverHash || textarea.value.length !== serverLength) state.sent = null;
    state.onInput = () => {
        if (!write(state.key, textarea.value, state.baseRevision))
            showStatus(state, "unkept", "This browser would not keep a copy (storage full or disabled): save soon.");
        schedule(state);
    };
    textarea.addEventListener("input", state.onInput);
    states.set(textarea, state);
    watchConnection(state);

    const kept = load(key);
    let restored = null;
    if (kept && kept.text === textarea.value) {
        clear(key);
    } else if (kept) {
        textarea.value = kept.text;
        restored = { baseRevision: kept.baseRevision ?? 0, savedAt: kept.savedAt ?? null, length: kept.text.length };
        state.baseRevision = restored.baseRevision;
    }
    schedule(state);
    return restored;
}

export function setBaseRevision(textarea, baseRevision) {
    const state = textarea && states.get(textarea);
    if (!state) return;
    state.baseRevision = baseRevision;
    if (load(state.key)) write(state.key, textarea.value, baseRevision);
}

/** Waits until the server has every character typed so far; answers the length and hash of that text. */
export async function flush(textarea) {
    const state = textarea && states.get(textarea);
    if (!state) return null;
    for (let round = 0; round < 5 && state.sent !== textarea.value; round++) await schedule(state);
    return { length: textarea.value.length, hash: hash(textarea.value) };
}

/**
 * A change made on the server (a form field, a status), as a splice of the server's text whose hash it was. Typing the
 * server has not seen yet is kept: the change is applied around it, or, where both touch the same place, not applied
 * to the textarea at all (the typing wins, and the next sync tells the server).
 */
export function applyServerEdit(textarea, start, deleteCount, insert, hashBefore) {
    const state = textarea && states.get(textarea);
    if (!state) return false;
    const before = state.sent;
    if (before === null || hash(before) !== hashBefore) {
        state.sent = null;
        state.serverLength = -1;
        return false;
    }
    const after = before.slice(0, start) + insert + before.slice(start + deleteCount);
    state.sent = after;
    state.serverLength = after.length;
    const value = textarea.value;
    let next = null;
    if (value === before) {
        next = after;
    } else {
        const local = splice(before, value);
        if (start + deleteCount <= local.start) {
            next = value.slice(0, start) + insert + value.slice(start + deleteCount);
        } else if (start >= local.start + local.deleteCount) {
            const shift = value.length - before.length;
            next = value.slice(0, start + shift) + insert + value.slice(start + shift + deleteCount);
        }
    }
    if (next !== null) replaceValue(textarea, next, start, deleteCount, insert.length);
    write(state.key, textarea.value, state.baseRevision);
    if (state.sent !== textarea.value) schedule(state);
    return next !== null;
}

/** Puts the server's text in the textarea (a discarded draft), as the text the server has. */
export function replaceText(textarea, text) {
    const state = textarea && states.get(textarea);
    textarea.value = text;
    if (!state) return;
    state.sent = text;
    state.serverLength = text.length;
}

function replaceValue(textarea, text, start, deleteCount, insertLength) {
    const moved = position => position >= start + deleteCount ? position + insertLength - deleteCount
        : position > start ? start + insertLength : position;
    const { selectionStart, selectionEnd, scrollTop } = textarea;
    textarea.value = text;
    textarea.setSelectionRange(moved(selectionStart), moved(selectionEnd));
    textarea.scrollTop = scrollTop;
}

export function detach(textarea) {
    const state = textarea && states.get(textarea);
    if (!state) return;
    state.attached = false;
    clearTimeout(state.retry);
    textarea.removeEventListener("input", state.onInput);
    state.dialog?.removeEventListener("components-reconnect-state-changed", state.onReconnect);
    states.delete(textarea);
}

/** Selects a 1-based line of the textarea and scrolls it into view, for a problem's "line N". */
export function goToLine(textarea, line) {
    if (!textarea) return;
    const lines = textarea.value.split("\n");
    const index = Math.min(Math.max(line, 1), lines.length) - 1;
    let start = 0;
    for (let i = 0; i < index; i++) start += lines[i].length + 1;
    textarea.focus();
    textarea.setSelectionRange(start, start + lines[index].length);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, index * lineHeight - textarea.clientHeight / 3);
}
