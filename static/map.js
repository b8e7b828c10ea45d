// Picking a place by clicking the map of the tip form: the click becomes latitude and
// longitude in the form's fields. Without this script the fields are typed by hand.
(function () {
  "use strict";
  var TILE = 256;
  function unproject(x, y, zoom) {
    var world = TILE * Math.pow(2, zoom);
    var lon = x / world * 360 - 180;
    var n = Math.PI * (1 - 2 * y / world);
    var lat = Math.atan(Math.sinh(n)) * 180 / Math.PI;
    return [lat, lon];
  }
  document.querySelectorAll("svg[data-pick]").forEach(function (svg) {
    var zoom = Number(svg.dataset.zoom);
    var x0 = Number(svg.dataset.x0);
    var y0 = Number(svg.dataset.y0);
    var lat = document.getElementById("latitude");
    var lon = document.getElementById("longitude");
    if (!lat || !lon) { return; }
    var mark = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    mark.setAttribute("r", "13");
    mark.setAttribute("class", "mark-chosen");
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      var place = unproject(x0 + local.x, y0 + local.y, zoom);
      lat.value = place[0].toFixed(6);
      lon.value = place[1].toFixed(6);
      mark.setAttribute("cx", local.x);
      mark.setAttribute("cy", local.y);
      svg.appendChild(mark);
    });
  });
})();
