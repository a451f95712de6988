/**
 * Hands a file to the browser as a download, through a temporary object URL
 * and link: the app's exports are POST answers or built in the page, which a
 * plain link cannot fetch. The URL is revoked a minute later, since revoking
 * at once can cancel the save in some browsers.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
