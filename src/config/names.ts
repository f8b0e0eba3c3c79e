/** The config file's name, apart from its model so that finding the file loads no schema code. */
export const CONFIG_FILE_NAME = 'casaudit.config.json';
