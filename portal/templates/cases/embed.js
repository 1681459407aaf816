(function () {
  var here = document.currentScript;
  var frame = document.createElement("iframe");
  frame.src = {{ src|tojson }};
  frame.title = {{ title|tojson }};
  frame.style.width = "100%";
  frame.style.minHeight = "640px";
  frame.style.border = "0";
  here.parentNode.insertBefore(frame, here.nextSibling);
})();
