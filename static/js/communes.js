/* Commune fields: suggestions while typing, in the field's own <datalist> (the browser shows
   them, with the keyboard and to screen readers, as it shows any datalist). Without JS the
   field is a plain text box and the server finds the commune typed. */
(function () {
  "use strict";

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-commune-suggest");
    if (!list || !url) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      timer = window.setTimeout(function () {
        asked = text;
        fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (input.value.trim() !== text) return;
            list.replaceChildren.apply(list, data.results.map(function (row) {
              var option = document.createElement("option");
              option.value = row.label;
              return option;
            }));
          })
          .catch(function () { /* no suggestions: typing still works */ });
      }, 200);
    });
  }

  function start() {
    document.querySelectorAll("input[data-commune-suggest]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
