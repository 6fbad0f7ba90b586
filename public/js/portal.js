// Copy buttons: the only script of the portal; every page works without it.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = 'value' in source && source.tagName !== 'PRE' ? source.value : source.textContent;
  const done = () => {
    const label = button.textContent;
    button.textContent = 'Copiado!';
    setTimeout(() => {
      button.textContent = label;
    }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => source.select && source.select());
  } else if (source.select) {
    source.select();
    document.execCommand('copy');
    done();
  }
});
