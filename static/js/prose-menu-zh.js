/* The body editor's menu in Chinese. django-prose-editor builds its default
   menu items with English labels ("Heading 2", "Paragraph", "bold"…); this
   extension defines the same items again under the same names (the Menu
   extension's menu.defineItem), with the newsroom's words. Registered in
   settings.DJANGO_PROSE_EDITOR_EXTENSIONS and enabled in
   articles/text.py BODY_EXTENSIONS as "NewsroomMenu". */
import { Extension, crel, gettext } from "django-prose-editor/editor";

const HEADINGS = { 1: "一级标题", 2: "小标题", 3: "三级标题", 4: "四级标题" };

function relabel(button, label) {
  button.title = label;
  button.setAttribute("aria-label", label);
  return button;
}

export const NewsroomMenu = Extension.create({
  name: "newsroomMenu",

  addMenuItems({ buttons, menu }) {
    const editor = this.editor;
    const schema = editor.schema;
    const t = (text) => gettext(text);
    const heading = editor.extensionManager.extensions.find((e) => e.name === "heading");

    for (const level of heading ? heading.options.levels : []) {
      const label = t(HEADINGS[level] || `${level}级标题`);
      menu.defineItem({
        name: `heading${level}`,
        groups: "blockType nodes headings",
        button: relabel(buttons.heading(level), label),
        option: crel(`h${level}`, { textContent: label }),
        active: (ed) => ed.isActive("heading", { level }),
        command: (ed) => ed.chain().focus().toggleHeading({ level }).run(),
      });
    }
    menu.defineItem({
      name: "paragraph",
      groups: "blockType nodes",
      button: buttons.material("notes", t("正文段落")),
      option: crel("p", { textContent: t("正文段落") }),
      active: (ed) => ed.isActive("paragraph"),
      command: (ed) => ed.chain().focus().setParagraph().run(),
    });
    if (schema.nodes.bulletList) {
      menu.defineItem({
        name: "bulletList",
        groups: "blockType lists nodes",
        button: buttons.material("format_list_bulleted", t("项目符号列表")),
        option: crel("p", { textContent: t("项目符号列表") }),
        active: () => false,
        enabled: (ed) => ed.can().toggleBulletList(),
        command: (ed) => ed.chain().focus().toggleBulletList().run(),
      });
    }
    if (schema.nodes.orderedList) {
      menu.defineItem({
        name: "orderedList",
        groups: "blockType lists nodes",
        button: buttons.material("format_list_numbered", t("编号列表")),
        option: crel("p", { textContent: t("编号列表") }),
        active: (ed) => ed.isActive("orderedList"),
        enabled: (ed) => ed.can().toggleOrderedList(),
        command: (ed) => ed.chain().focus().toggleOrderedList().run(),
      });
    }
    if (schema.nodes.blockquote) {
      menu.defineItem({
        name: "blockquote",
        groups: "nodes",
        button: buttons.material("format_quote", t("引文")),
        option: crel("p", { textContent: t("引文") }),
        active: (ed) => ed.isActive("blockquote"),
        enabled: (ed) => ed.can().toggleBlockquote(),
        command: (ed) => ed.chain().focus().toggleBlockquote().run(),
      });
    }
    if (schema.nodes.horizontalRule) {
      menu.defineItem({
        name: "horizontalRule",
        groups: "nodes",
        button: buttons.material("horizontal_rule", t("分隔线")),
        option: crel("p", { textContent: t("分隔线") }),
        active: () => false,
        enabled: (ed) => ed.can().setHorizontalRule(),
        command: (ed) => ed.chain().focus().setHorizontalRule().run(),
      });
    }

    const marks = [
      ["bold", "format_bold", "加粗"],
      ["italic", "format_italic", "斜体"],
      ["underline", "format_underline", "下划线"],
      ["strike", "format_strikethrough", "删除线"],
      ["subscript", "subscript", "下标"],
      ["superscript", "superscript", "上标"],
    ];
    for (const [name, icon, label] of marks) {
      if (!(name in schema.marks)) continue;
      menu.defineItem({
        name,
        groups: "marks",
        button: buttons.material(icon, t(label)),
        active: (ed) => ed.isActive(name),
        enabled: (ed) => ed.can().toggleMark(name),
        command: (ed) => ed.chain().focus().toggleMark(name).run(),
      });
    }

    if (schema.marks.link) {
      menu.defineItem({
        name: "link",
        groups: "link",
        button: buttons.material("insert_link", t("插入链接")),
        active: (ed) => ed.isActive("link"),
        enabled: (ed) => !ed.state.selection.empty || ed.isActive("link"),
        command: (ed) => ed.chain().addLink().focus().run(),
      });
      menu.defineItem({
        name: "unlink",
        groups: "link",
        button: buttons.material("link_off", t("去掉链接")),
        hidden: (ed) => !ed.isActive("link"),
        command: (ed) => ed.chain().focus().unsetLink().run(),
      });
    }

    if (editor.extensionManager.extensions.some((e) => e.name === "history" || e.name === "undoRedo")) {
      menu.defineItem({
        name: "history:undo",
        groups: "history",
        button: buttons.material("undo", t("撤销")),
        enabled: (ed) => ed.can().undo(),
        command: (ed) => ed.commands.undo(),
      });
      menu.defineItem({
        name: "history:redo",
        groups: "history",
        button: buttons.material("redo", t("重做")),
        enabled: (ed) => ed.can().redo(),
        command: (ed) => ed.commands.redo(),
      });
    }
  },
});
