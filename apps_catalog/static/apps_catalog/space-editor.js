/*
 * The personal space editor (and the structure default space editor).
 *
 * The server renders the space (it works without JavaScript); this script takes over: it keeps the layout read
 * from the page (json_script "space-layout"), re-renders it, and saves the whole layout with a PUT (fetch, CSRF
 * header) after each change, without reloading. Every move works with the mouse (drag and drop) AND with the
 * keyboard (buttons "Monter", "Descendre", and a "Déplacer vers" list), and focus stays on the moved item.
 *
 * Modes (data-mode on #space-root): "simple" (fixed sections per kind), "advanced" (free zones plus unsorted
 * items), "default" (a structure's default space: zones of services, always in edit mode).
 */
(function () {
  "use strict";

  var root = document.getElementById("space-root");
  if (!root) return;
  var T = JSON.parse(document.getElementById("space-strings").textContent);
  var layout = JSON.parse(document.getElementById("space-layout").textContent);
  var kinds = JSON.parse(document.getElementById("space-kinds").textContent);
  var availableNode = document.getElementById("space-available");
  var available = availableNode ? JSON.parse(availableNode.textContent) : [];
  var mode = root.dataset.mode;
  var saveUrl = root.dataset.saveUrl;
  var status = document.getElementById("space-status");
  var toggle = document.getElementById("space-edit-toggle");
  var search = document.getElementById("space-q");
  var editing = mode === "default";
  var dragged = null;
  var pendingFocus = null;
  var saveTimer = null;

  function fmt(text, value) {
    return text.replace("%s", value);
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("fr-error-text", !!isError);
  }

  // --- the layout model -----------------------------------------------------------------------------------------

  function listOf(key) {
    return key === "u" ? layout.unsorted : layout.zones[Number(key.slice(1))].items;
  }

  function keys() {
    var result = mode === "default" ? [] : ["u"];
    layout.zones.forEach(function (zone, index) {
      result.push("z" + index);
    });
    return result;
  }

  function locate(kind, id) {
    var all = keys();
    for (var k = 0; k < all.length; k++) {
      var list = listOf(all[k]);
      for (var i = 0; i < list.length; i++) {
        if (list[i].kind === kind && list[i].id === id) return { key: all[k], index: i };
      }
    }
    return null;
  }

  // Simple mode: a kind's section lists its entries in display order (unsorted first, then the zones); moving
  // inside a section refills the same slots in the new order, so the zones of the advanced mode are kept.
  function slots(kind) {
    var result = [];
    ["u"].concat(keys().filter(function (key) { return key !== "u"; })).forEach(function (key) {
      listOf(key).forEach(function (entry, index) {
        if (entry.kind === kind) result.push({ key: key, index: index });
      });
    });
    return result;
  }

  function sectionEntries(kind) {
    return slots(kind).map(function (slot) { return listOf(slot.key)[slot.index]; });
  }

  function refillSection(kind, entries) {
    slots(kind).forEach(function (slot, index) {
      listOf(slot.key)[slot.index] = entries[index];
    });
  }

  function take(kind, id) {
    var place = locate(kind, id);
    if (!place) return null;
    return listOf(place.key).splice(place.index, 1)[0];
  }

  function moveBy(kind, id, delta) {
    var list, index;
    if (mode === "simple") {
      list = sectionEntries(kind);
      index = list.findIndex(function (entry) { return entry.id === id; });
    } else {
      var place = locate(kind, id);
      list = listOf(place.key);
      index = place.index;
    }
    var target = index + delta;
    if (target < 0 || target >= list.length) {
      say(delta < 0 ? T.alreadyFirst : T.alreadyLast);
      return false;
    }
    var moved = list[index];
    list[index] = list[target];
    list[target] = moved;
    if (mode === "simple") refillSection(kind, list);
    say(fmt(delta < 0 ? T.movedUp : T.movedDown, moved.title));
    return true;
  }

  function moveTo(kind, id, key) {
    var entry = take(kind, id);
    listOf(key).push(entry);
    say(fmt(T.movedTo, entry.title));
  }

  function moveBefore(kind, id, targetKind, targetId) {
    if (kind === targetKind && id === targetId) return false;
    if (mode === "simple") {
      if (kind !== targetKind) return false;
      var entries = sectionEntries(kind);
      var from = entries.findIndex(function (entry) { return entry.id === id; });
      var moved = entries.splice(from, 1)[0];
      var to = entries.findIndex(function (entry) { return entry.id === targetId; });
      entries.splice(to, 0, moved);
      refillSection(kind, entries);
      return true;
    }
    var entry = take(kind, id);
    var place = locate(targetKind, targetId);
    listOf(place.key).splice(place.index, 0, entry);
    return true;
  }

  // --- rendering ------------------------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className, onClick, srLabel) {
    var node = el("button", "fr-btn fr-btn--sm " + (className || "fr-btn--tertiary"), label);
    node.type = "button";
    if (srLabel) node.setAttribute("aria-label", srLabel);
    node.addEventListener("click", onClick);
    return node;
  }

  function safeUrl(url) {
    return /^(https?:\/\/|\/(?!\/))/i.test(url || "") ? url : null;
  }

  function zoneLabel(key) {
    return key === "u" ? T.unsorted : layout.zones[Number(key.slice(1))].name;
  }

  function renderCard(entry) {
    var card = el("li", "space-card" + (entry.available ? "" : " space-card--disabled"));
    card.dataset.kind = entry.kind;
    card.dataset.id = String(entry.id);
    card.dataset.search = fold(entry.title + " " + (entry.description || ""));
    var title = el("p", "space-card__title");
    var url = safeUrl(entry.url);
    if (entry.available && url && mode !== "default") {
      var link = el("a", "", entry.title);
      link.href = url;
      if (!url.startsWith("/")) {
        link.target = "_blank";
        link.rel = "noopener";
        link.title = fmt(T.newWindow, entry.title);
      }
      title.appendChild(link);
    } else {
      title.appendChild(document.createTextNode(entry.title));
    }
    if (entry.badge) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(el("span", "fr-badge fr-badge--sm " + (entry.available ? "fr-badge--new" : "fr-badge--warning"), entry.badge));
    }
    card.appendChild(title);
    if (entry.description) card.appendChild(el("p", "space-card__desc", entry.description));
    if (!editing) return card;

    card.draggable = true;
    var actions = el("div", "space-card__actions");
    var run = function (action, change) {
      return function () {
        if (change() !== false) {
          pendingFocus = { kind: entry.kind, id: entry.id, action: action };
          changed();
        }
      };
    };
    var up = button(T.up, "fr-btn--tertiary fr-icon-arrow-up-line fr-btn--icon-left", run("up", function () {
      return moveBy(entry.kind, entry.id, -1);
    }), fmt(T.upLabel, entry.title));
    up.dataset.action = "up";
    var down = button(T.down, "fr-btn--tertiary fr-icon-arrow-down-line fr-btn--icon-left", run("down", function () {
      return moveBy(entry.kind, entry.id, 1);
    }), fmt(T.downLabel, entry.title));
    down.dataset.action = "down";
    actions.appendChild(up);
    actions.appendChild(down);
    if (mode !== "simple" && keys().length > 1) {
      var select = el("select", "fr-select fr-select--sm");
      select.setAttribute("aria-label", fmt(T.moveToLabel, entry.title));
      select.dataset.action = "move";
      select.appendChild(new Option(T.moveTo, ""));
      var current = locate(entry.kind, entry.id).key;
      keys().forEach(function (key) {
        if (key !== current) select.appendChild(new Option(zoneLabel(key), key));
      });
      select.addEventListener("change", run("move", function () {
        if (!select.value) return false;
        moveTo(entry.kind, entry.id, select.value);
      }));
      actions.appendChild(select);
    }
    var remove = button(T.remove, "fr-btn--tertiary-no-outline", function () {
      take(entry.kind, entry.id);
      say(fmt(T.removed, entry.title));
      changed();
      root.focus();
    }, fmt(T.removeLabel, entry.title));
    actions.appendChild(remove);
    card.appendChild(actions);
    card.addEventListener("dragstart", function (event) {
      dragged = { kind: entry.kind, id: entry.id };
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", entry.kind + ":" + entry.id);
      card.classList.add("space-card--dragging");
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("space-card--dragging");
      dragged = null;
    });
    card.addEventListener("dragover", function (event) {
      if (dragged && (mode !== "simple" || dragged.kind === entry.kind)) event.preventDefault();
    });
    card.addEventListener("drop", function (event) {
      event.preventDefault();
      event.stopPropagation();
      if (dragged && moveBefore(dragged.kind, dragged.id, entry.kind, entry.id)) {
        pendingFocus = { kind: dragged.kind, id: dragged.id, action: "up" };
        say(T.dropped);
        changed();
      }
    });
    return card;
  }

  function renderList(entries, key, emptyText) {
    var list = el("ul", "space-items");
    entries.forEach(function (entry) {
      list.appendChild(renderCard(entry));
    });
    if (!entries.length && emptyText) list.appendChild(el("li", "fr-text--sm space-empty", emptyText));
    if (editing && key) {
      list.addEventListener("dragover", function (event) {
        if (dragged) {
          event.preventDefault();
          list.classList.add("space-items--drop");
        }
      });
      list.addEventListener("dragleave", function () {
        list.classList.remove("space-items--drop");
      });
      list.addEventListener("drop", function (event) {
        event.preventDefault();
        list.classList.remove("space-items--drop");
        if (dragged) {
          moveTo(dragged.kind, dragged.id, key);
          pendingFocus = { kind: dragged.kind, id: dragged.id, action: "up" };
          changed();
        }
      });
    }
    return list;
  }

  function renderSection(title, list, headerTools, collapsible) {
    var section = el("section", "space-zone");
    var header = el("div", "space-zone__header");
    var heading = el("h2", "fr-h5");
    var listId = "space-list-" + Math.random().toString(36).slice(2);
    list.id = listId;
    if (collapsible) {
      var zone = collapsible;
      var opener = el("button", "fr-btn fr-btn--tertiary-no-outline fr-btn--icon-left " +
        (zone.is_expanded ? "fr-icon-arrow-down-s-line" : "fr-icon-arrow-right-s-line"), title);
      opener.type = "button";
      opener.setAttribute("aria-expanded", zone.is_expanded ? "true" : "false");
      opener.setAttribute("aria-controls", listId);
      opener.addEventListener("click", function () {
        zone.is_expanded = !zone.is_expanded;
        pendingFocus = { zone: layout.zones.indexOf(zone) };
        changed();
      });
      heading.appendChild(opener);
      list.hidden = !zone.is_expanded;
    } else {
      heading.textContent = title;
    }
    header.appendChild(heading);
    (headerTools || []).forEach(function (tool) {
      header.appendChild(tool);
    });
    section.appendChild(header);
    section.appendChild(list);
    return section;
  }

  function zoneTools(zone, index) {
    if (!editing) return [];
    var tools = [];
    var nameId = "space-zone-name-" + index;
    var label = el("label", "fr-sr-only", fmt(T.renameLabel, zone.name));
    label.htmlFor = nameId;
    var input = el("input", "fr-input fr-input--sm");
    input.id = nameId;
    input.value = zone.name;
    input.maxLength = 100;
    input.style.width = "auto";
    input.addEventListener("change", function () {
      var name = input.value.trim();
      if (!name) {
        input.value = zone.name;
        say(T.nameRequired, true);
        return;
      }
      zone.name = name;
      say(fmt(T.renamed, name));
      changed(true);
    });
    tools.push(label, input);
    var moveZone = function (delta, action) {
      return function () {
        var target = index + delta;
        if (target < 0 || target >= layout.zones.length) {
          say(delta < 0 ? T.alreadyFirst : T.alreadyLast);
          return;
        }
        layout.zones.splice(target, 0, layout.zones.splice(index, 1)[0]);
        pendingFocus = { zone: target, action: action };
        say(fmt(delta < 0 ? T.movedUp : T.movedDown, zone.name));
        changed();
      };
    };
    var up = button(T.up, "fr-btn--tertiary fr-icon-arrow-up-line fr-btn--icon-left", moveZone(-1, "zone-up"), fmt(T.zoneUpLabel, zone.name));
    up.dataset.action = "zone-up";
    var down = button(T.down, "fr-btn--tertiary fr-icon-arrow-down-line fr-btn--icon-left", moveZone(1, "zone-down"), fmt(T.zoneDownLabel, zone.name));
    down.dataset.action = "zone-down";
    var remove = button(T.deleteZone, "fr-btn--tertiary-no-outline", function () {
      if (mode === "default" && zone.items.length && !window.confirm(fmt(T.confirmDeleteZone, zone.name))) return;
      layout.zones.splice(index, 1);
      if (mode !== "default") layout.unsorted = layout.unsorted.concat(zone.items);
      say(fmt(T.zoneDeleted, zone.name));
      changed();
      root.focus();
    }, fmt(T.deleteZoneLabel, zone.name));
    tools.push(up, down, remove);
    return tools;
  }

  // A DSFR form group: a label tied to its control.
  function labelled(groupClass, text, control, id) {
    var group = el("div", groupClass + " fr-mb-0");
    var label = el("label", "fr-label", text);
    label.htmlFor = id;
    control.id = id;
    group.appendChild(label);
    group.appendChild(control);
    return group;
  }

  function submitButton(text) {
    var submit = el("button", "fr-btn fr-btn--secondary", text);
    submit.type = "submit";
    return submit;
  }

  function renderAddZone() {
    var form = el("form", "space-toolbar");
    var input = el("input", "fr-input");
    input.maxLength = 100;
    form.appendChild(labelled("fr-input-group", T.newZone, input, "space-new-zone"));
    form.appendChild(submitButton(T.addZone));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = input.value.trim();
      if (!name) {
        say(T.nameRequired, true);
        input.focus();
        return;
      }
      layout.zones.push({ id: null, name: name, is_expanded: true, items: [] });
      say(fmt(T.zoneAdded, name));
      pendingFocus = { newZone: true };
      changed();
    });
    return form;
  }

  function renderAddService() {
    var placed = {};
    layout.zones.forEach(function (zone) {
      zone.items.forEach(function (entry) { placed[entry.id] = true; });
    });
    var form = el("form", "space-toolbar");
    var serviceSelect = el("select", "fr-select");
    available.forEach(function (entry) {
      if (!placed[entry.id]) serviceSelect.appendChild(new Option(entry.title, String(entry.id)));
    });
    var zoneSelect = el("select", "fr-select");
    layout.zones.forEach(function (zone, index) {
      zoneSelect.appendChild(new Option(zone.name, String(index)));
    });
    var submit = submitButton(T.addService);
    submit.disabled = !serviceSelect.options.length || !layout.zones.length;
    form.appendChild(labelled("fr-select-group", T.service, serviceSelect, "space-add-service"));
    form.appendChild(labelled("fr-select-group", T.zone, zoneSelect, "space-add-zone"));
    form.appendChild(submit);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = Number(serviceSelect.value);
      var entry = available.find(function (item) { return item.id === id; });
      if (!entry || !layout.zones.length) return;
      layout.zones[Number(zoneSelect.value)].items.push(entry);
      say(fmt(T.movedTo, entry.title));
      pendingFocus = { selector: "#space-add-service" };
      changed();
    });
    return form;
  }

  function isEmpty() {
    return !layout.unsorted.length && layout.zones.every(function (zone) { return !zone.items.length; });
  }

  function render() {
    root.textContent = "";
    if (mode === "simple") {
      kinds.forEach(function (kind) {
        var entries = sectionEntries(kind.kind);
        if (entries.length) root.appendChild(renderSection(kind.label, renderList(entries, null, null)));
      });
    } else {
      if (mode === "advanced" && (layout.unsorted.length || (editing && layout.zones.length))) {
        root.appendChild(renderSection(T.unsorted, renderList(layout.unsorted, "u", editing ? T.dropHere : null)));
      }
      layout.zones.forEach(function (zone, index) {
        root.appendChild(renderSection(zone.name, renderList(zone.items, "z" + index, T.emptyZone), zoneTools(zone, index), zone));
      });
      if (editing) root.appendChild(renderAddZone());
      if (mode === "default") root.appendChild(renderAddService());
    }
    if (isEmpty() && layout.zones.length === 0) {
      var empty = el("div", "portal-empty-state");
      empty.appendChild(el("p", "", mode === "default" ? T.emptyDefault : T.empty));
      root.insertBefore(empty, root.firstChild);
    }
    applySearch();
    restoreFocus();
  }

  function restoreFocus() {
    if (!pendingFocus) return;
    var target = null;
    var focus = pendingFocus;
    pendingFocus = null;
    if (focus.selector) target = root.querySelector(focus.selector);
    else if (focus.newZone) target = document.getElementById("space-new-zone");
    else if (focus.zone !== undefined) {
      var sections = root.querySelectorAll(".space-zone");
      var offset = mode === "advanced" && root.querySelector(".space-zone") && (layout.unsorted.length || editing) ? 1 : 0;
      var section = sections[focus.zone + offset];
      if (section) target = section.querySelector(focus.action ? "[data-action=" + focus.action + "]" : "[aria-expanded]");
    } else {
      var card = root.querySelector('.space-card[data-kind="' + focus.kind + '"][data-id="' + focus.id + '"]');
      if (card) target = card.querySelector("[data-action=" + focus.action + "]") || card.querySelector("a, button");
    }
    if (target) target.focus();
  }

  function applySearch() {
    if (!search) return;
    var query = fold(search.value.trim());
    root.querySelectorAll(".space-card").forEach(function (card) {
      card.hidden = !!query && card.dataset.search.indexOf(query) === -1;
    });
  }

  // --- saving ---------------------------------------------------------------------------------------------------

  function payload() {
    var strip = function (entries) {
      return entries.map(function (entry) { return { kind: entry.kind, id: entry.id }; });
    };
    return {
      zones: layout.zones.map(function (zone) {
        return { name: zone.name, is_expanded: zone.is_expanded, items: strip(zone.items) };
      }),
      unsorted: mode === "default" ? [] : strip(layout.unsorted),
    };
  }

  function describeErrors(body) {
    if (!body || typeof body !== "object") return "";
    return Object.keys(body).map(function (key) {
      var value = body[key];
      return (key === "detail" ? "" : key + " : ") + (Array.isArray(value) ? value.join(" ") : String(value));
    }).join(" ; ");
  }

  function save() {
    say(T.saving);
    fetch(saveUrl, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify(payload()),
    }).then(function (response) {
      if (response.ok) {
        say(T.saved);
        return;
      }
      return response.json().catch(function () { return null; }).then(function (body) {
        say(T.saveFailed + " " + describeErrors(body), true);
      });
    }).catch(function () {
      say(T.saveFailed, true);
    });
  }

  function changed(keepFocus) {
    if (!keepFocus) render();
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, 300);
  }

  // --- start ----------------------------------------------------------------------------------------------------

  root.tabIndex = -1;
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      editing = !editing;
      toggle.setAttribute("aria-pressed", editing ? "true" : "false");
      toggle.textContent = editing ? T.doneEditing : T.edit;
      render();
    });
  }
  if (search) {
    search.addEventListener("input", applySearch);
    var searchForm = search.form;
    if (searchForm) searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      applySearch();
    });
  }
  render();
})();
