// The unblock and password reset pages: read the e-mailed token, take it out of the address bar, and call the API.
"use strict";
(function () {
  var main = document.querySelector("main[data-page]");
  if (!main) return;
  var page = main.getAttribute("data-page");
  var message = document.getElementById("message");
  var token = new URLSearchParams(window.location.search).get("token") || "";
  if (token) window.history.replaceState(null, "", window.location.pathname);

  var INVALID =
    "This link does not work any more: it was already used, it expired, or it was copied only in part.";
  var REASONS = {
    too_short: "It is too short.",
    too_long: "It is too long.",
    common: "It is a common password that attackers try first.",
    contains_personal_info: "It contains your name, username or e-mail address.",
    recently_used: "You used it before: choose one you have not used.",
  };

  function show(kind, text, items) {
    message.className = "message " + kind;
    message.setAttribute("role", kind === "error" ? "alert" : "status");
    message.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    message.appendChild(p);
    if (items && items.length) {
      var ul = document.createElement("ul");
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = item;
        ul.appendChild(li);
      });
      message.appendChild(ul);
    }
    message.focus();
  }

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "omit",
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.ok) return { ok: true };
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          return { ok: false, status: response.status, error: (body && body.error) || {} };
        });
    });
  }

  function failed(result, invalidCode) {
    if (result.error.code === invalidCode) show("error", INVALID + " " + (page === "reset"
      ? "Ask for a new link from the sign-in page (\u201cForgot your password?\u201d)."
      : "Try to sign in again: if sign-in is still paused, a new e-mail is sent."));
    else if (result.status === 429) show("error", "Too many attempts from this network. Wait a little and try again.");
    else show("error", "Something went wrong on our side. Try again in a few minutes.");
  }

  function busy(form, on) {
    var button = form.querySelector("button");
    button.disabled = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  if (!token) {
    show("error", INVALID);
    return;
  }

  if (page === "unblock") {
    var unblock = document.getElementById("unblock-form");
    unblock.hidden = false;
    unblock.addEventListener("submit", function (event) {
      event.preventDefault();
      busy(unblock, true);
      post("/api/auth/login/unblock", { token: token })
        .then(function (result) {
          if (result.ok) {
            unblock.hidden = true;
            show("ok", "Sign-in is unblocked. You can sign in again now.");
          } else {
            busy(unblock, false);
            if (result.error.code === "invalid_unblock_token") unblock.hidden = true;
            failed(result, "invalid_unblock_token");
          }
        })
        .catch(function () {
          busy(unblock, false);
          show("error", "The server could not be reached. Check your connection and try again.");
        });
    });
    return;
  }

  var form = document.getElementById("reset-form");
  var password = document.getElementById("new-password");
  var confirm = document.getElementById("confirm-password");
  form.hidden = false;
  password.focus();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    password.removeAttribute("aria-invalid");
    confirm.removeAttribute("aria-invalid");
    if (!password.value) {
      password.setAttribute("aria-invalid", "true");
      show("error", "Type a new password.");
      return;
    }
    if (password.value !== confirm.value) {
      confirm.setAttribute("aria-invalid", "true");
      show("error", "The two passwords are not the same.");
      return;
    }
    busy(form, true);
    post("/api/auth/password-reset/confirm", { token: token, new_password: password.value })
      .then(function (result) {
        busy(form, false);
        if (result.ok) {
          form.hidden = true;
          show("ok", "Your password is changed. You were signed out everywhere: sign in with the new password.");
        } else if (result.error.code === "weak_password") {
          password.setAttribute("aria-invalid", "true");
          var reasons = ((result.error.details || {}).reasons || []).map(function (code) {
            return REASONS[code] || code.replace(/_/g, " ");
          });
          show("error", "Choose another password:", reasons);
        } else {
          if (result.error.code === "invalid_reset_token") form.hidden = true;
          failed(result, "invalid_reset_token");
        }
      })
      .catch(function () {
        busy(form, false);
        show("error", "The server could not be reached. Check your connection and try again.");
      });
  });
})();
