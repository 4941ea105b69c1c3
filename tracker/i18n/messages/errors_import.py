"""Problems of an imported file (tracker/importing), in both languages (issue 11).

They are validation problems like the rules' own (``problem.<code>``, ``tracker.validation.problem``), so
the People → Import page lists them row by row in the reader's language and the CLI prints the English.
"""

_SAVE_AS = {
    "en": "In Excel choose 'Save As' > 'CSV UTF-8 (逗号分隔)', or save it as .xlsx.",
    "zh": "请在 Excel 中选择“另存为”>“CSV UTF-8（逗号分隔）”，或保存为 .xlsx。",
}

MESSAGES = {
    "problem.import_not_utf8": {
        "en": "the file is not UTF-8 text. " + _SAVE_AS["en"],
        "zh": "文件不是 UTF-8 文本。" + _SAVE_AS["zh"],
    },
    "problem.import_gbk": {
        "en": "the file is not UTF-8 text. It looks like GBK/GB18030, which Excel writes for plain 'CSV'. "
        + _SAVE_AS["en"],
        "zh": "文件不是 UTF-8 文本，看起来是 GBK/GB18030 编码（Excel 保存普通“CSV”时使用的编码）。"
        + _SAVE_AS["zh"],
    },
    "problem.import_broken_csv": {
        "en": "line {line}: the CSV text is broken ({detail}); check the quotes",
        "zh": "第 {line} 行：CSV 文本已损坏（{detail}），请检查引号",
    },
    "problem.import_bad_xlsx": {
        "en": "this .xlsx workbook cannot be read (is it damaged?); open it in Excel and save it again",
        "zh": "无法读取该 .xlsx 工作簿（文件是否已损坏？），请在 Excel 中打开并重新保存",
    },
    "problem.import_xls": {
        "en": "this is an old Excel .xls file or a password-protected workbook; "
        "save it as .xlsx without a password",
        "zh": "这是旧版 Excel .xls 文件或受密码保护的工作簿，请另存为不带密码的 .xlsx",
    },
    "problem.import_not_table": {
        "en": "this is not a CSV or XLSX file; export the sheet as 'CSV UTF-8' or .xlsx",
        "zh": "这不是 CSV 或 XLSX 文件，请将表格导出为“CSV UTF-8”或 .xlsx",
    },
    "problem.import_empty": {
        "en": "the file is empty; the first line must name the columns",
        "zh": "文件是空的；第一行必须写明各列的列名",
    },
    "problem.import_cannot_read": {"en": "cannot read {name}: {detail}", "zh": "无法读取 {name}：{detail}"},
    "problem.import_semicolons": {
        "en": "the columns are separated by semicolons; separate them with commas",
        "zh": "各列用分号分隔，请改用逗号分隔",
    },
    "problem.import_tabs": {
        "en": "the columns are separated by tabs; separate them with commas",
        "zh": "各列用制表符分隔，请改用逗号分隔",
    },
    "problem.import_missing_columns": {"en": "missing column(s): {columns}", "zh": "缺少列：{columns}"},
    "problem.import_unknown_columns": {"en": "unknown column(s): {columns}", "zh": "无法识别的列：{columns}"},
    "problem.import_columns_twice": {"en": "column(s) named twice: {columns}", "zh": "列名重复：{columns}"},
    "problem.import_unnamed_column": {"en": "column {number} has no name", "zh": "第 {number} 列没有列名"},
    "problem.import_header": {
        "en": "{problem}; expected {required} (optional: {optional})",
        "zh": "{problem}；应有的列：{required}（可选：{optional}）",
    },
    "problem.import_no_header": {
        "en": "the file has no header row; the first line must name the columns",
        "zh": "文件没有表头行；第一行必须写明各列的列名",
    },
    "problem.import_stopped": {
        "en": "stopped reading at row {line} after {count} problems; correct these and import the file again",
        "zh": "发现 {count} 个问题后已在第 {line} 行停止读取；请改正这些问题后重新导入",
    },
    "problem.import_too_many_cells": {
        "en": "{values} values but the header has {width} columns",
        "zh": "有 {values} 个值，但表头只有 {width} 列",
    },
    "problem.import_teacher_twice": {
        "en": "{email} is also on row {earlier} with other values",
        "zh": "{email} 也出现在第 {earlier} 行，但填写的内容不同",
    },
    "problem.import_no_rows": {"en": "there are no rows under the header", "zh": "表头下面没有数据行"},
}
