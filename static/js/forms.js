/* Forms: the error summary takes the focus; "add a row" in place for formsets.
   Without this file the summary is still the first thing in the form, and a formset's
   empty rows and the save button still give more rows. */
(function () {
  "use strict";

  function focusField(target) {
    if (target.tomselect) {
      target.tomselect.focus();
      return;
    }
    target.focus();
  }

  function errorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      focusField(target);
    });
  }

  function formsets() {
    document.querySelectorAll("[data-formset]").forEach(function (box) {
      var prefix = box.getAttribute("data-formset");
      var template = box.querySelector("template[data-formset-template]");
      var rows = box.querySelector("[data-formset-rows]");
      var button = box.querySelector("[data-formset-add]");
      var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var max = box.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
      if (!template || !rows || !button || !total) return;
      var status = box.querySelector("[data-formset-status]");
      box.querySelectorAll("[data-formset-nojs]").forEach(function (note) { note.hidden = true; });
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10) || 0;
        if (max && index >= parseInt(max.value, 10)) return;
        var holder = document.createElement("div");
        holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
        var row = holder.firstElementChild;
        if (!row) return;
        rows.appendChild(row);
        total.value = String(index + 1);
        if (window.chooserEnhance) window.chooserEnhance(row);
        var first = row.querySelector("input:not([type=hidden]), select, textarea");
        if (first) focusField(first);
        if (status) status.textContent = button.getAttribute("data-added") || "";
      });
    });
  }

  function filters() {
    if (!window.matchMedia("(min-width: 48rem)").matches) return;
    document.querySelectorAll("details[data-filters]").forEach(function (box) { box.open = true; });
  }

  function start() {
    filters();
    errorSummary();
    formsets();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
