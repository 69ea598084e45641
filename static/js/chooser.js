/* Searchable choosers: a <select multiple data-chooser> becomes a Tom Select box (search as
   one types, arrows and Enter to pick, Backspace to remove). Without JS, or before Tom Select
   loads, it stays a plain multiple select that submits the same values. Tom Select itself is
   loaded only on pages that have a chooser. Its texts come from the select's data attributes,
   translated on the server. */
(function () {
  "use strict";

  var loading = null;

  function load(select) {
    if (window.TomSelect) return Promise.resolve();
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = select.getAttribute("data-chooser-css");
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = select.getAttribute("data-chooser-js");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function labelText(select) {
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function enhanceOne(select) {
    if (select.tomselect || select.id.indexOf("__prefix__") !== -1) return;
    var name = labelText(select);
    var noResults = select.getAttribute("data-chooser-no-results") || "";
    var remove = select.getAttribute("data-chooser-remove") || "";
    var chooser = new window.TomSelect(select, {
      plugins: { remove_button: { title: remove, label: "×" } },
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: select.getAttribute("data-chooser-placeholder") || "",
      render: {
        no_results: function () {
          return '<div class="no-results">' + escapeHtml(noResults) + "</div>";
        },
      },
    });
    // Tom Select moves the label to its search box; the select it hides keeps the name too.
    if (name) select.setAttribute("aria-label", name);
    var input = chooser.control_input;
    var described = select.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
  }

  function enhance(root) {
    var selects = (root || document).querySelectorAll("select[data-chooser]");
    if (!selects.length) return;
    load(selects[0]).then(function () {
      selects.forEach(enhanceOne);
    }).catch(function () { /* the plain select stays */ });
  }

  window.chooserEnhance = enhance;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
