// Links that download a PDF which may take a few seconds to build: say so while it happens.
(function () {
  "use strict";
  document.querySelectorAll("a[data-pdf-busy]").forEach(function (link) {
    link.addEventListener("click", function () {
      var status = document.getElementById(link.getAttribute("aria-describedby"));
      link.setAttribute("aria-busy", "true");
      link.classList.add("is-busy");
      if (status) {
        status.textContent = link.getAttribute("data-pdf-busy");
      }
      // The browser keeps this page when the download starts: clear the notice after a while.
      window.setTimeout(function () {
        link.removeAttribute("aria-busy");
        link.classList.remove("is-busy");
        if (status) {
          status.textContent = "";
        }
      }, 8000);
    });
  });
})();
