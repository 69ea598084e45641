/* Sign-up: the fields describing an organisation that is not in the list are shown only once
   "My organisation is not in the list" is ticked. Without this file they are always shown and
   the form is checked the same way on the server. */
(function () {
  "use strict";

  function groupOf(field) {
    return field.closest("div") || field;
  }

  function setUp() {
    var toggle = document.querySelector("[data-proposal-toggle]");
    if (!toggle) return;
    var fields = document.querySelectorAll("[data-proposal]");
    var select = document.querySelector("select[name='organisation']");

    function update() {
      fields.forEach(function (field) {
        groupOf(field).hidden = !toggle.checked;
      });
      if (select) select.disabled = toggle.checked;
    }

    // Typed before (the page came back with an error): keep it in sight.
    fields.forEach(function (field) {
      if (field.value || field.getAttribute("aria-invalid") === "true") toggle.checked = true;
    });

    toggle.addEventListener("change", function () {
      update();
      if (toggle.checked && fields.length) fields[0].focus();
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
