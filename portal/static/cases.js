// The case page (issue 13): text selected in an answer becomes the passage of the next
// internal comment, and that answer is chosen for it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-comment-form]");
  if (!form) { return; }
  var passage = form.querySelector("input[name=passage]");
  var answer = form.querySelector("select[name=answer]");
  document.addEventListener("mouseup", function () {
    var chosen = window.getSelection();
    var text = chosen ? chosen.toString().trim() : "";
    if (!text || !chosen.anchorNode) { return; }
    var node = chosen.anchorNode.nodeType === 1 ? chosen.anchorNode : chosen.anchorNode.parentElement;
    var article = node && node.closest("article[data-answer]");
    if (!article || !passage || !answer) { return; }
    passage.value = text;
    answer.value = article.getAttribute("data-answer");
  });
})();
