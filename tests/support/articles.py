"""A source article using every construct the model knows (front matter, inline, lists, tables)."""

RICH = """---
title: Wound care at home
language: es
---

# Wound care at home

Keep the *dressing* dry and **clean**. Read our [guide](https://example.org/guide "Guide")
for `500 mg` doses.
Second line\\
after a hard break.

<!-- translators: "gauze" is the woven cotton pad, not a bandage -->
- Wash your hands with soap.
- Change the gauze every 12 hours.
  1. nested step

3. Third step first
4. Fourth

> Call us if the wound
> bleeds.
>
> Second quoted paragraph.

| Sign | What to do |
|:-----|----------:|
| Fever over 38 °C | Call us |
| Redness | |

```text
code stays as it is
```

<div class="note">raw html</div>

![A clean dressing on an arm](dressing.png "Dressing")

---
"""
