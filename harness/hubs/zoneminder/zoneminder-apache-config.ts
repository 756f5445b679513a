/**
 * A minimal Apache configuration serving ZoneMinder's web UI, API and streaming CGI on one
 * loopback port, written into camlab's work folder so the system's Apache setup is untouched.
 * Debian's /etc/apache2/conf-available/zoneminder.conf gives the /zm aliases; the API's rewrite
 * rules are those of the package's example (its .htaccess files are not shipped).
 */
export interface ApacheConfigInput {
  port: number;
  dir: string;
  zoneminderConf: string;
  modulesDir: string;
  user: string;
  group: string;
}

const modules = ['mpm_prefork', 'authz_core', 'alias', 'dir', 'mime', 'rewrite', 'cgi', 'env'] as const;

export function apacheConfig(input: ApacheConfigInput): string {
  const api = '/usr/share/zoneminder/www/api';
  const rewrite = (dir: string, rules: string[]): string[] => [
    `<Directory "${dir}">`,
    '  RewriteEngine on',
    ...rules.map((r) => `  ${r}`),
    '  RewriteBase /zm/api',
    '</Directory>',
  ];
  return [
    'ServerRoot /etc/apache2',
    `PidFile ${input.dir}/httpd.pid`,
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${input.port}`,
    `User ${input.user}`,
    `Group ${input.group}`,
    `ErrorLog ${input.dir}/error.log`,
    ...modules.map((m) => `LoadModule ${m}_module ${input.modulesDir}/mod_${m}.so`),
    `LoadModule php_module ${input.modulesDir}/libphp8.2.so`,
    'TypesConfig /etc/mime.types',
    '<FilesMatch ".+\\.php$">',
    '  SetHandler application/x-httpd-php',
    '</FilesMatch>',
    `Include ${input.zoneminderConf}`,
    ...rewrite(api, ['RewriteRule ^$ app/webroot/ [L]', 'RewriteRule (.*) app/webroot/$1 [L]']),
    ...rewrite(`${api}/app`, ['RewriteRule ^$ webroot/ [L]', 'RewriteRule (.*) webroot/$1 [L]']),
    ...rewrite(`${api}/app/webroot`, [
      'RewriteCond %{REQUEST_FILENAME} !-d',
      'RewriteCond %{REQUEST_FILENAME} !-f',
      'RewriteRule ^ index.php [L]',
    ]),
    '',
  ].join('\n');
}
